/**
 * Which methods the app serves on a path, for 405 Method Not Allowed (RFC 9110 §15.5.6: the
 * answer names the allowed methods in `Allow`). Orion-LD answers a known resource with a wrong
 * method this way; fastify alone answers 404 "no route". Routes are recorded as they are added
 * (fastify's onRoute hook, so this must be attached before the routes) and compiled to one
 * pattern per route: `:param` is one path segment, `*` any rest.
 */
import type { FastifyInstance } from 'fastify';

interface RoutePattern {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

export class RouteMethods {
  private readonly routes = new Map<string, RoutePattern>();

  /** Records every route added to `app` from now on. */
  static attachTo(app: FastifyInstance): RouteMethods {
    const methods = new RouteMethods();
    app.addHook('onRoute', (route) => methods.add(route.url, route.method));
    return methods;
  }

  add(url: string, method: string | readonly string[]): void {
    let route = this.routes.get(url);
    if (!route) {
      route = { pattern: compile(url), methods: new Set() };
      this.routes.set(url, route);
    }
    for (const m of typeof method === 'string' ? [method] : method) route.methods.add(m.toUpperCase());
  }

  /** The methods served on `path` (no query string), sorted; empty when no route matches it. */
  allowedOn(path: string): string[] {
    const allowed = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
    }
    return [...allowed].sort();
  }
}

function compile(url: string): RegExp {
  const source = url.split(/(:[A-Za-z0-9_]+|\*)/).map((part) => {
    if (part === '*') return '.*';
    if (part.startsWith(':')) return '[^/]+';
    return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${source}$`); // exact, as fastify's router (ignoreTrailingSlash is off)
}
