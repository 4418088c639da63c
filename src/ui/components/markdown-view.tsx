// Markdown drawn with few Ink nodes: every layout node costs Yoga work on each frame, while nested
// <Text> elements cost nothing (Ink flattens them). So a block is one <Text>, with indentation and
// markers written into it; only list items get a row of their own, to indent wrapped lines.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {inert} from '../inert.js';
import {parseMarkdown, type Block, type ListItem, type Span} from '../markdown.js';
import {palette} from '../theme.js';

function spanNodes(spans: Span[]): ReactNode[] {
  return spans.map((span, index) => (
    <Text key={index} bold={span.bold} italic={span.italic} strikethrough={span.strike} color={span.code ? palette.code : span.link ? palette.accent : undefined} dimColor={span.link !== undefined}>
      {span.text}
    </Text>
  ));
}

function codeText(block: Extract<Block, {type: 'code'}>): ReactNode {
  const label = block.continued ? null : <Text dimColor>{`─ ${block.lang === '' ? 'code' : block.lang}\n`}</Text>;
  return (
    <Text>
      {label}
      <Text color={palette.code}>{block.lines.map(line => `  ${line}`).join('\n')}</Text>
    </Text>
  );
}

function tableText(rows: string[][]): ReactNode {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join(' │ ');
  return (
    <Text>
      <Text bold>{line(rows[0]!)}</Text>
      <Text dimColor>{`\n${widths.map(width => '─'.repeat(width)).join('─┼─')}`}</Text>
      {rows.slice(1).map((row, index) => `\n${line(row)}`)}
    </Text>
  );
}

function marker(list: Extract<Block, {type: 'list'}>, item: ListItem, index: number): string {
  if (item.checked !== undefined) {
    return item.checked ? '[x] ' : '[ ] ';
  }

  return list.ordered ? `${list.start + index}. ` : '• ';
}

/** Blocks as one <Text> per block (lists: one row per item), an empty line between blocks. */
function Blocks({blocks}: {blocks: Block[]}) {
  return blocks.map((block, index) => {
    const gap = index > 0 ? 1 : 0;
    if (block.type === 'list') {
      return (
        <Box key={index} flexDirection="column" marginTop={gap}>
          {block.items.map((item, itemIndex) => (
            <Box key={itemIndex}>
              <Text>{marker(block, item, itemIndex)}</Text>
              <Box flexDirection="column" flexShrink={1}>
                <Blocks blocks={item.blocks} />
              </Box>
            </Box>
          ))}
        </Box>
      );
    }

    if (block.type === 'quote') {
      return (
        <Box key={index} marginTop={gap} borderStyle="single" borderLeft borderTop={false} borderRight={false} borderBottom={false} borderDimColor paddingLeft={1} flexDirection="column">
          <Blocks blocks={block.blocks} />
        </Box>
      );
    }

    return (
      <Text key={index}>
        {gap ? '\n' : ''}
        <BlockText block={block} />
      </Text>
    );
  });
}

function BlockText({block}: {block: Exclude<Block, {type: 'list' | 'quote'}>}) {
  switch (block.type) {
    case 'heading': {
      return (
        <Text bold underline={block.depth === 1} color={palette.accent}>
          {spanNodes(block.spans)}
        </Text>
      );
    }

    case 'paragraph': {
      return <Text>{spanNodes(block.spans)}</Text>;
    }

    case 'code': {
      return codeText(block);
    }

    case 'table': {
      return tableText(block.rows);
    }

    case 'rule': {
      return <Text dimColor>{'─'.repeat(20)}</Text>;
    }
  }
}

/** A piece of markdown drawn for the terminal; plain text until marked has loaded. */
export function MarkdownView({text, fence}: {text: string; fence?: string}) {
  if (text.trim() === '' && fence === undefined) {
    return <Text> </Text>;
  }

  // A piece cut from the middle of a list item starts indented: keep the indent as padding.
  const indent = fence === undefined ? Math.min(/^\n*( *)/.exec(text)![1]!.length, 8) : 0;
  const source = indent > 0 ? text.replace(new RegExp(`^ {1,${indent}}`, 'gm'), '') : text;
  const blocks = parseMarkdown(source, fence);
  // A piece that ends with an empty line is followed by a new block: keep the gap before it.
  const gap = /\n[ \t]*\n\s*$/.test(text);
  return (
    <Box flexDirection="column" marginBottom={gap ? 1 : 0} paddingLeft={indent}>
      {blocks ? <Blocks blocks={blocks} /> : <Text>{inert(source).replace(/\n+$/, '')}</Text>}
    </Box>
  );
}
