/**
 * An incremental reader for Price List offer files (`AmazonBedrock/current/index.json` is ~16 MB),
 * without a streaming-JSON dependency: it scans characters as they arrive, tracks the key path,
 * and hands each selected value (a product, one SKU's terms, a top-level field) to `JSON.parse`
 * alone. Memory is one entry plus the caller's own state, never the whole file as one string or
 * one object tree. Anything malformed or truncated throws `OfferParseError`.
 */

export class OfferParseError extends Error {
  override readonly name = 'OfferParseError';
}

interface Frame {
  readonly isObject: boolean;
  /** The current member's key (objects) or index (arrays). */
  key: string;
  expectKey: boolean;
  index: number;
  /** A value was read since the last ',' (a second one is an error). */
  hasValue: boolean;
}

type CaptureKind = 'container' | 'string' | 'literal';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

export class JsonEntryScanner {
  readonly #select: (path: readonly string[]) => boolean;
  readonly #emit: (path: readonly string[], value: unknown) => void;
  readonly #frames: Frame[] = [];
  #started = false;
  #done = false;
  #offset = 0;
  // Navigating strings: a key being read (raw, escapes kept) or a value being skipped.
  #string: 'key' | 'skip' | null = null;
  #keyRaw = '';
  #escape = false;
  // Capturing one selected value.
  #capture: CaptureKind | null = null;
  #capturePath: string[] = [];
  #captureText = '';
  #captureDepth = 0;
  #captureInString = false;
  #afterKey = false;

  /**
   * @param select whether the value at this key path is wanted whole (it is not descended into)
   * @param emit receives each selected value, parsed
   */
  constructor(
    select: (path: readonly string[]) => boolean,
    emit: (path: readonly string[], value: unknown) => void,
  ) {
    this.#select = select;
    this.#emit = emit;
  }

  write(chunk: string): void {
    let start = 0;
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      const char = chunk.charAt(i);
      if (this.#capture !== null) {
        if (this.#captureChar(char)) {
          this.#captureText += chunk.slice(start, i + 1);
          this.#finishCapture();
          continue;
        }
        if (this.#capture === 'literal' && this.#literalEnded(char)) {
          this.#captureText += chunk.slice(start, i);
          this.#finishCapture();
          this.#navigate(char);
          continue;
        }
        continue;
      }
      if (this.#navigate(char)) start = i;
    }
    if (this.#capture !== null) this.#captureText += chunk.slice(start);
    this.#offset += length;
  }

  end(): void {
    if (this.#capture === 'literal') this.#finishCapture();
    if (!this.#started || !this.#done || this.#capture !== null || this.#string !== null) {
      throw new OfferParseError(`the offer file ends early, after ${this.#offset} characters`);
    }
  }

  #fail(message: string): never {
    throw new OfferParseError(`${message} near character ${this.#offset}`);
  }

  /** @returns true when `char` began a capture (its text starts at this index). */
  #navigate(char: string): boolean {
    if (this.#string !== null) {
      if (this.#escape) {
        this.#escape = false;
        if (this.#string === 'key') this.#keyRaw += char;
      } else if (char === '\\') {
        this.#escape = true;
        if (this.#string === 'key') this.#keyRaw += char;
      } else if (char === '"') {
        if (this.#string === 'key') this.#setKey();
        this.#string = null;
      } else if (this.#string === 'key') {
        this.#keyRaw += char;
      }
      return false;
    }
    if (WHITESPACE.has(char)) return false;
    if (this.#done) this.#fail(`unexpected '${char}' after the offer's closing brace`);
    const frame = this.#frames.at(-1);
    if (frame?.isObject && frame.expectKey) {
      if (char === '"') {
        this.#string = 'key';
        this.#keyRaw = '';
        return false;
      }
      if (char === '}' && !this.#afterKey) return this.#close(char);
      this.#fail(`expected a key, got '${char}'`);
    }
    if (frame?.isObject && this.#afterKey) {
      if (char !== ':') this.#fail(`expected ':' got '${char}'`);
      this.#afterKey = false;
      return false;
    }
    if (char === ',') {
      if (!frame) this.#fail("unexpected ','");
      if (!frame.hasValue) this.#fail("unexpected ','");
      frame.hasValue = false;
      if (frame.isObject) frame.expectKey = true;
      else frame.key = String(++frame.index);
      return false;
    }
    if (char === '}' || char === ']') return this.#close(char);
    return this.#beginValue(char);
  }

  #beginValue(char: string): boolean {
    const parent = this.#frames.at(-1);
    if (parent) {
      if (parent.hasValue) this.#fail(`expected ',' before '${char}'`);
      parent.hasValue = true;
    }
    if (!this.#started) {
      if (char !== '{') this.#fail('an offer file is a JSON object');
      this.#started = true;
    }
    const path = this.#frames.map((frame) => frame.key);
    if (this.#frames.length > 0 && this.#select(path)) {
      this.#capturePath = path;
      this.#captureText = '';
      this.#captureInString = false;
      this.#escape = false;
      if (char === '{' || char === '[') {
        this.#capture = 'container';
        this.#captureDepth = 1;
      } else if (char === '"') {
        this.#capture = 'string';
      } else {
        this.#capture = 'literal';
      }
      return true;
    }
    if (char === '{' || char === '[') {
      this.#frames.push({
        isObject: char === '{',
        key: '0',
        expectKey: char === '{',
        index: 0,
        hasValue: false,
      });
      return false;
    }
    if (char === '"') {
      this.#string = 'skip';
      return false;
    }
    if (!/[-0-9tfn]/.test(char)) this.#fail(`unexpected '${char}'`);
    // An unselected number or literal: its remaining characters are skipped as they come.
    this.#capture = 'literal';
    this.#capturePath = [];
    this.#captureText = '';
    return true;
  }

  #close(char: string): boolean {
    const frame = this.#frames.pop();
    if (!frame || frame.isObject !== (char === '}')) this.#fail(`unexpected '${char}'`);
    if (frame.isObject && !frame.expectKey && !frame.hasValue) this.#fail('a key has no value');
    if (this.#frames.length === 0) this.#done = true;
    return false;
  }

  #setKey(): void {
    const frame = this.#frames.at(-1);
    if (!frame) return;
    try {
      frame.key = JSON.parse(`"${this.#keyRaw}"`) as string;
    } catch {
      this.#fail('a key is not a valid JSON string');
    }
    frame.expectKey = false;
    this.#afterKey = true;
  }

  /** @returns true when `char` ends a captured container or string. */
  #captureChar(char: string): boolean {
    if (this.#capture === 'literal') return false;
    if (this.#escape) {
      this.#escape = false;
      return false;
    }
    if (this.#capture === 'string') {
      if (char === '\\') this.#escape = true;
      return char === '"';
    }
    if (this.#captureInString) {
      if (char === '\\') this.#escape = true;
      else if (char === '"') this.#captureInString = false;
      return false;
    }
    if (char === '"') this.#captureInString = true;
    else if (char === '{' || char === '[') this.#captureDepth++;
    else if (char === '}' || char === ']') return --this.#captureDepth === 0;
    return false;
  }

  #literalEnded(char: string): boolean {
    return char === ',' || char === '}' || char === ']' || WHITESPACE.has(char);
  }

  #finishCapture(): void {
    const text = this.#captureText;
    const path = this.#capturePath;
    this.#capture = null;
    this.#captureText = '';
    if (path.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.#fail(`the value at ${path.join('.')} is not valid JSON`);
    }
    this.#emit(path, value);
  }
}
