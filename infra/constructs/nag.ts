import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on `scope` (and its children), with a reason.
 *
 * Ids whose finding holds more than one `::` (for example
 * `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:*::parameter/...]`) are written straight
 * into the acknowledged-rules metadata that cdk-nag reads, because `Validations.acknowledge()`
 * parses `::` as a namespace separator and may reject or mangle them (cdk-nag issue 2351).
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 40) {
    throw new Error(`acknowledgement of ${id} needs a specific reason, got "${reason}"`);
  }
  if ((id.match(/::/g) ?? []).length > 1) {
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  } else {
    Validations.of(scope).acknowledge({ id, reason });
  }
}
