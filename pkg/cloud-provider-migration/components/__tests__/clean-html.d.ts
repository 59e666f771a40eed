// The shell's clean-html directive (plain JavaScript): tests mount components with it as the dashboard does.
declare module '@shell/directives/clean-html' {
  import type { Directive } from 'vue';

  const cleanHtml: Directive;
  export default cleanHtml;
}
