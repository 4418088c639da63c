/**
 * A checker for the small JSON Schema subset our tool schemas use (type, properties, required,
 * enum, items, minimum). Schemas from MCP servers are checked by the servers themselves.
 */
export type Schema = {
  /** One type, or several (as MCP servers' schemas may say, e.g. ["string", "null"]). */
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  minimum?: number;
  description?: string;
  additionalProperties?: boolean;
};

function typeOf(value: unknown): string {
  if (Array.isArray(value)) {
    return 'array';
  }

  if (value === null) {
    return 'null';
  }

  if (typeof value === 'number' && Number.isInteger(value)) {
    return 'integer';
  }

  return typeof value;
}

function matchesType(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
}

/** Returns every problem with `value`, each naming the argument path; empty when it is valid. */
export function validate(schema: Schema, value: unknown, at = ''): string[] {
  const name = at || 'arguments';
  if (Array.isArray(schema.type)) {
    const types = schema.type;
    return types.some(type => matchesType(type, value)) ? [] : [`${name} must be one of the types ${types.join(', ')}, not ${typeOf(value)}`];
  }

  if (schema.type && !matchesType(schema.type, value)) {
    return [`${name} must be ${schema.type === 'integer' ? 'an' : 'a'} ${schema.type}, not ${typeOf(value)}`];
  }

  if (schema.enum && !schema.enum.includes(value)) {
    return [`${name} must be one of ${schema.enum.map(item => JSON.stringify(item)).join(', ')}`];
  }

  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum) {
    return [`${name} must be at least ${schema.minimum}`];
  }

  const problems: string[] = [];
  if (schema.type === 'object' && typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (record[key] === undefined) {
        problems.push(`${at ? at + '.' : ''}${key} is required`);
      }
    }

    for (const [key, propertySchema] of Object.entries(schema.properties ?? {})) {
      if (record[key] !== undefined) {
        problems.push(...validate(propertySchema, record[key], at ? `${at}.${key}` : key));
      }
    }
  }

  if (schema.type === 'array' && Array.isArray(value) && schema.items) {
    for (const [index, item] of value.entries()) {
      problems.push(...validate(schema.items, item, `${name}[${index}]`));
    }
  }

  return problems;
}
