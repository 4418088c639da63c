// Markdown for the terminal: marked's lexer turns text into tokens, which become the small block
// model below that components draw with Ink. marked is loaded on first use, off the start path.
import type {Token, Tokens} from 'marked';
import {inert} from './inert.js';

export type Span = {text: string; bold?: boolean; italic?: boolean; code?: boolean; strike?: boolean; link?: string};

export type ListItem = {checked?: boolean; blocks: Block[]};

export type Block =
  | {type: 'heading'; depth: number; spans: Span[]}
  | {type: 'paragraph'; spans: Span[]}
  | {type: 'code'; lang: string; lines: string[]; continued: boolean}
  | {type: 'list'; ordered: boolean; start: number; items: ListItem[]}
  | {type: 'quote'; blocks: Block[]}
  | {type: 'table'; rows: string[][]}
  | {type: 'rule'};

type Lexer = (source: string) => Token[];

let lexer: Lexer | undefined;
let loading: Promise<void> | undefined;

/** Loads marked once; later calls return the same promise. */
export function loadMarkdown(): Promise<void> {
  loading ??= import('marked').then(module => {
    lexer = source => module.lexer(source, {gfm: true});
  });

  return loading;
}

export function isMarkdownLoaded(): boolean {
  return lexer !== undefined;
}

type StyleFlags = Omit<Span, 'text'>;

function inlineSpans(tokens: Token[] | undefined, style: StyleFlags = {}): Span[] {
  const spans: Span[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong': {
        spans.push(...inlineSpans(token.tokens, {...style, bold: true}));
        break;
      }

      case 'em': {
        spans.push(...inlineSpans(token.tokens, {...style, italic: true}));
        break;
      }

      case 'del': {
        spans.push(...inlineSpans(token.tokens, {...style, strike: true}));
        break;
      }

      case 'codespan': {
        spans.push({...style, text: token.text as string, code: true});
        break;
      }

      case 'link': {
        const link = token as Tokens.Link;
        const label = inlineSpans(link.tokens, style);
        const sameAsLabel = link.text === link.href || `mailto:${link.text}` === link.href;
        spans.push(...label, ...(sameAsLabel ? [] : [{...style, text: ` (${link.href})`, link: link.href}]));
        break;
      }

      case 'br': {
        spans.push({text: '\n'});
        break;
      }

      case 'image': {
        spans.push({...style, text: `[image: ${(token as Tokens.Image).text || (token as Tokens.Image).href}]`});
        break;
      }

      default: {
        const nested = 'tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0;
        const text = 'text' in token ? String(token.text) : token.raw;
        spans.push(...(nested ? inlineSpans(token.tokens, style) : [{...style, text}]));
      }
    }
  }

  return spans;
}

function listBlock(list: Tokens.List): Block {
  const items = list.items.map(item => ({...(item.task && {checked: item.checked ?? false}), blocks: blocksOf(item.tokens.filter(token => token.type !== 'checkbox'))}));
  return {type: 'list', ordered: list.ordered, start: typeof list.start === 'number' ? list.start : 1, items};
}

function tableBlock(table: Tokens.Table): Block {
  const cellText = (cell: Tokens.TableCell) => inlineSpans(cell.tokens).map(span => span.text).join('');
  return {type: 'table', rows: [table.header.map(cellText), ...table.rows.map(row => row.map(cellText))]};
}

function blockOf(token: Token): Block | undefined {
  switch (token.type) {
    case 'heading': {
      return {type: 'heading', depth: (token as Tokens.Heading).depth, spans: inlineSpans(token.tokens)};
    }

    case 'paragraph':
    case 'text': {
      const nested = token.tokens && token.tokens.length > 0;
      return {type: 'paragraph', spans: nested ? inlineSpans(token.tokens) : [{text: token.text as string}]};
    }

    case 'code': {
      const code = token as Tokens.Code;
      return {type: 'code', lang: (code.lang ?? '').split(/\s/, 1)[0]!, lines: code.text.split('\n'), continued: false};
    }

    case 'list': {
      return listBlock(token as Tokens.List);
    }

    case 'blockquote': {
      return {type: 'quote', blocks: blocksOf((token as Tokens.Blockquote).tokens)};
    }

    case 'table': {
      return tableBlock(token as Tokens.Table);
    }

    case 'hr': {
      return {type: 'rule'};
    }

    case 'html': {
      return {type: 'paragraph', spans: [{text: (token.text as string).trimEnd()}]};
    }

    default: {
      return undefined;
    }
  }
}

function blocksOf(tokens: Token[]): Block[] {
  return tokens.map(blockOf).filter(block => block !== undefined);
}

/**
 * The blocks of a piece of markdown, or undefined while marked is not loaded yet. `fence` is the
 * opening line of a code block the piece starts inside; that block is marked as continued.
 */
export function parseMarkdown(text: string, fence?: string): Block[] | undefined {
  if (!lexer) {
    return undefined;
  }

  const source = inert(text);
  const blocks = blocksOf(lexer(fence === undefined ? source : `${fence}\n${source}`));
  const first = blocks[0];
  if (fence !== undefined && first?.type === 'code') {
    blocks[0] = {...first, continued: true};
  }

  return blocks;
}
