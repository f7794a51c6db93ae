// Placeholder so `cdk synth` can bundle; the handler's owner replaces this file.
export async function handler(): Promise<never> {
  throw new Error('not implemented yet');
}
