import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'build-sanitize/', 'node_modules/', 'runs/', 'native/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Kernels are compiled from expression strings (see Note [Kernel code generation]).
      '@typescript-eslint/no-implied-eval': 'off',
      'no-new-func': 'off',
    },
  },
);
