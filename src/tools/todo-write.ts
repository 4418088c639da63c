import type {Tool} from './types.js';

export type Todo = {content: string; status: 'pending' | 'in_progress' | 'completed'};
type Input = {todos: Todo[]};

const marks: Record<Todo['status'], string> = {pending: '[ ]', in_progress: '[~]', completed: '[x]'};

/** The checklist as text, one item a line. */
export function formatTodos(todos: Todo[]): string {
  return todos.map(todo => `${marks[todo.status]} ${todo.content}`).join('\n');
}

export const todoWriteTool: Tool<Input> = {
  spec: {
    name: 'todo_write',
    description: 'Keep a checklist for multi-step work. Send the whole list each time; statuses: pending, in_progress, completed. Keep one item in_progress.',
    parameters: {
      type: 'object',
      properties: {
        todos: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              content: {type: 'string', description: 'What to do.'},
              status: {type: 'string', enum: ['pending', 'in_progress', 'completed']},
            },
            required: ['content', 'status'],
          },
        },
      },
      required: ['todos'],
    },
  },
  readOnly: true,
  access() {
    return {kind: 'none'};
  },
  async run(input) {
    const done = input.todos.filter(todo => todo.status === 'completed').length;
    const list = input.todos.length === 0 ? '(empty list)' : formatTodos(input.todos);
    return {content: `Checklist updated:\n${list}`, summary: `${done}/${input.todos.length} done`};
  },
};
