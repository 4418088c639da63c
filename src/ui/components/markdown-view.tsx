import {Box, Text} from 'ink';
import {inert} from '../inert.js';
import {parseMarkdown, type Block, type ListItem, type Span} from '../markdown.js';
import {palette} from '../theme.js';

function Spans({spans}: {spans: Span[]}) {
  return (
    <Text>
      {spans.map((span, index) => (
        <Text key={index} bold={span.bold} italic={span.italic} strikethrough={span.strike} color={span.code ? palette.code : span.link ? palette.accent : undefined} dimColor={span.link !== undefined}>
          {span.text}
        </Text>
      ))}
    </Text>
  );
}

function CodeBlock({block}: {block: Extract<Block, {type: 'code'}>}) {
  return (
    <Box flexDirection="column" paddingLeft={2}>
      {block.continued ? null : <Text dimColor>{block.lang === '' ? '─ code' : `─ ${block.lang}`}</Text>}
      <Text color={palette.code}>{block.lines.join('\n')}</Text>
    </Box>
  );
}

function ListView({block}: {block: Extract<Block, {type: 'list'}>}) {
  const marker = (item: ListItem, index: number) => {
    if (item.checked !== undefined) {
      return item.checked ? '[x]' : '[ ]';
    }

    return block.ordered ? `${block.start + index}.` : '•';
  };

  return (
    <Box flexDirection="column">
      {block.items.map((item, index) => (
        <Box key={index}>
          <Text>{marker(item, index)} </Text>
          <Box flexDirection="column" flexShrink={1}>
            <Blocks blocks={item.blocks} />
          </Box>
        </Box>
      ))}
    </Box>
  );
}

function TableView({rows}: {rows: string[][]}) {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join(' │ ');
  return (
    <Box flexDirection="column">
      <Text bold>{line(rows[0]!)}</Text>
      <Text dimColor>{widths.map(width => '─'.repeat(width)).join('─┼─')}</Text>
      {rows.slice(1).map((row, index) => (
        <Text key={index}>{line(row)}</Text>
      ))}
    </Box>
  );
}

function BlockView({block}: {block: Block}) {
  switch (block.type) {
    case 'heading': {
      return (
        <Text bold underline={block.depth === 1} color={palette.accent}>
          <Spans spans={block.spans} />
        </Text>
      );
    }

    case 'paragraph': {
      return <Spans spans={block.spans} />;
    }

    case 'code': {
      return <CodeBlock block={block} />;
    }

    case 'list': {
      return <ListView block={block} />;
    }

    case 'quote': {
      return (
        <Box borderStyle="bold" borderLeft borderTop={false} borderRight={false} borderBottom={false} borderDimColor paddingLeft={1}>
          <Box flexDirection="column">
            <Blocks blocks={block.blocks} spaced />
          </Box>
        </Box>
      );
    }

    case 'table': {
      return <TableView rows={block.rows} />;
    }

    case 'rule': {
      return <Text dimColor>{'─'.repeat(20)}</Text>;
    }
  }
}

/** Blocks one under the other; `spaced` puts an empty line between them, as between paragraphs. */
function Blocks({blocks, spaced = false}: {blocks: Block[]; spaced?: boolean}) {
  return blocks.map((block, index) => (
    <Box key={index} marginTop={spaced && index > 0 ? 1 : 0} flexDirection="column">
      <BlockView block={block} />
    </Box>
  ));
}

/** A piece of markdown drawn for the terminal; plain text until marked has loaded. */
export function MarkdownView({text, fence}: {text: string; fence?: string}) {
  const blocks = parseMarkdown(text, fence);
  // A piece that ends with an empty line is followed by a new block: keep the gap before it.
  const gap = /\n[ \t]*\n\s*$/.test(text);
  return (
    <Box flexDirection="column" marginBottom={gap ? 1 : 0}>
      {blocks ? <Blocks blocks={blocks} spaced /> : <Text>{inert(text).replace(/\n+$/, '')}</Text>}
    </Box>
  );
}
