import { createRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ForgotPasswordPage } from '../auth/forgot-password.js';
import { LoginPage } from '../auth/login.js';
import { ResetPasswordPage } from '../auth/reset-password.js';
import { rootRoute } from './root.js';

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: z.object({ redirect: z.string().optional() }),
  component: LoginPage,
});

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: ForgotPasswordPage,
});

export const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  component: ResetPasswordPage,
});
