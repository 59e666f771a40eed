/** vue-select ships no types: the select component the shell registers globally as `v-select`. */
declare module 'vue-select' {
  import type { Component } from 'vue';

  const vSelect: Component;
  export default vSelect;
}
