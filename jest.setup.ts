// Global test setup. Component tests opt into jsdom with a `@jest-environment jsdom` docblock;
// engine, cli and simulator tests run in plain node.
export {};
