// Lint: ESLint's and typescript-eslint's recommended rules, without type information so that a run takes seconds.
// Import cycles (type-only imports included) and formatting are Biome's (biome.json); `npm run lint` runs both.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'content/', '.cache/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // Leaving a property out by destructuring (`const { token: _token, ...rest } = x`) is how code drops a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      // Front matter, queries and the index strip or use control characters (\x00 as a separator) on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // The code every question runs (and Library.ask): an array from `.map` changes its kind once V8 optimizes the
    // caller, and every reader of it is then deoptimized, for thousands of questions (src/search/arrays.ts). `mapped`
    // keeps it one kind.
    files: [
      'src/search/{concepts,deep-link,excerpt,matching,passages,query,reach,search,term-index,windows}.ts',
      'src/storage/{catalog-text,snapshot-store}.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='map'][arguments.length>0]",
          message: 'On the question path, use mapped() from src/search/arrays.ts: see why there.',
        },
      ],
    },
  },
  {
    // The fake Discord and the end-to-end tests read Discord's loose JSON payloads.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
