import base from '@klub/eslint-config';
export default base;
