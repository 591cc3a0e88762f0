/** The version of call-elements (package.json's `version`; a repository test keeps them equal). */
export const version = '0.1.0';
