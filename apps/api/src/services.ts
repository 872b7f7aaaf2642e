import type { JwtService } from './auth/jwt.js';
import type { SessionService } from './auth/sessions.js';

// The auth services reach procedures through `ctx.services` (wired in main.ts / tests).
declare module './trpc/context.js' {
  interface AppServices {
    jwt: JwtService;
    sessions: SessionService;
  }
}

// Other modules declare their own services the same way; listing them here keeps every
// declaration in the program of whoever imports the router (e.g. examples/trpc-client).
import type {} from './auth/password-logins.js';
import type {} from './jobs/job-queues.js';
import type {} from './security/abuse-guard.js';

export {};
