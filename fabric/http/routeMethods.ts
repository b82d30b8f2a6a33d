/**
 * Which methods the app serves on a path, for 405 Method Not Allowed (RFC 9110 §15.5.6: the
 * answer names the allowed methods in `Allow`). Orion-LD answers a known resource with a wrong
 * method this way; fastify alone answers 404 "no route". Routes are recorded as they are added
 * (fastify's onRoute hook, so this must be attached before the routes) and compiled to one
 * pattern per route (see `compile`).
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

/**
 * find-my-way's route syntax: `:name` is one segment's text, `:name(regex)` a parameter that must match `regex`
 * (its `^`/`$` anchors dropped, as the router does), `::` a literal colon and `*` any rest.
 */
function compile(url: string): RegExp {
  let source = '';
  for (let i = 0; i < url.length;) {
    const c = url[i]!;
    if (c === ':' && url[i + 1] === ':') {
      source += ':';
      i += 2;
    } else if (c === ':') {
      const name = /^:[A-Za-z0-9_]*/.exec(url.slice(i))![0];
      i += name.length;
      if (url[i] === '(') {
        const end = closingParenthesis(url, i);
        source += `(?:${url.slice(i + 1, end).replace(/^\^/, '').replace(/\$$/, '')})`;
        i = end + 1;
      } else source += '[^/]+';
    } else if (c === '*') {
      source += '.*';
      i += 1;
    } else {
      source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${source}$`); // exact, as fastify's router (ignoreTrailingSlash is off)
}

/** The index of the `)` that closes the `(` at `open` (a regex parameter may nest groups; `\)` is escaped). */
function closingParenthesis(url: string, open: number): number {
  let depth = 0;
  for (let i = open; i < url.length; i += 1) {
    if (url[i] === '\\') i += 1;
    else if (url[i] === '(') depth += 1;
    else if (url[i] === ')' && --depth === 0) return i;
  }
  throw new Error(`Route ${url}: unclosed '(' in a regex parameter`);
}
