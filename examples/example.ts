import { App } from 'cdk8s';

/** A runnable example: the README's first command synthesizes each into `examples.out/<name>/`. */
export interface Example {
  /** The folder name under examples.out/. */
  readonly name: string;
  /** One line on what it shows. */
  readonly description: string;
  /** Adds the example's charts to the app. */
  build(app: App): void;
}
