import type { JwtService } from './auth/jwt.js';
import type { SessionService } from './auth/sessions.js';

// The auth services reach procedures through `ctx.services` (wired in main.ts / tests).
declare module './trpc/context.js' {
  interface AppServices {
    jwt: JwtService;
    sessions: SessionService;
  }
}

export {};
