// ESLint 9 flat config for what the package ships (`npm run lint` passes package.json, nodes/ and credentials/).
//
// It is the configuration `n8n-node lint` runs — createConfig() of @n8n/node-cli 0.48.3
// (dist/configs/eslint.js, exported as '@n8n/node-cli/eslint') — built from the same packages at the versions
// that release uses: @n8n/eslint-plugin-community-nodes 0.32.0 (its `recommended` set, n8n Cloud rules
// included), eslint-plugin-n8n-nodes-base's community/credentials/nodes sets, @eslint/js and typescript-eslint
// recommended, eslint-plugin-import-x. @n8n/node-cli itself is not a dependency: it pulls in n8n's AI SDK
// (LangChain, ~400 MB) for its other commands, and `n8n-node lint` lints the whole folder (test/ and scripts/
// included, which are not shipped and use Node globals) and in strict mode wants its one-line template config.
// When n8n changes its config, update this file and the versions in package.json together.
//
// Two rules that n8n-node's config switches off stay on here, as in this repository's earlier ESLint 8 config:
// n8n-nodes-base/cred-class-field-type-options-password-missing and
// n8n-nodes-base/node-param-type-options-max-value-present.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importPlugin from 'eslint-plugin-import-x';
import n8nNodesBasePlugin from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores(['dist']),
	{
		files: ['**/*.ts'],
		extends: [
			js.configs.recommended,
			tseslint.configs.recommended,
			communityNodesRecommended,
			importPlugin.configs['flat/recommended'],
		],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesBasePlugin },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver()],
		},
	},
	{
		files: ['package.json'],
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesBasePlugin.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: {
				extraFileExtensions: ['.json'],
			},
		},
	},
	{
		files: ['./credentials/**/*.ts'],
		rules: {
			...n8nNodesBasePlugin.configs.credentials.rules,
			// Applies to n8n's own repository only (its docs slugs); community credentials link a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['./nodes/**/*.ts'],
		rules: {
			...n8nNodesBasePlugin.configs.nodes.rules,
			// As n8n's package scanner: n8n's community rules require NodeConnectionTypes.Main here.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
);
