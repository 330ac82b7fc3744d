/** `unetc fmt`: a spec document printed back as canonical .unet text or as YAML (comments kept). */
export { formatUnet } from './format-unet.js';
export { formatYaml } from './format-yaml.js';
