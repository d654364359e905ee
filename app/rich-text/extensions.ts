// The one tiptap extension set. The editor (client), the server validator, the HTML renderer and the
// docx exporter all build from getExtensions(), so a document the editor can produce is exactly a
// document the server accepts and the renderers know how to draw. Change it here, nowhere else, and
// extend validate.ts (attribute rules), html.server.ts and the docx exporter in the same change.
//
// Nothing here touches the DOM at import time: parseHTML/renderHTML only run inside an editor.
import { mergeAttributes, Node, type Extensions } from '@tiptap/core'
import { TableKit } from '@tiptap/extension-table'
import { StarterKit } from '@tiptap/starter-kit'

import { isSafeHref } from './links'

/** Heading levels available in the editor. Rich text sits under the page's own title. */
export const HEADING_LEVELS = [1, 2, 3] as const

export type ResolutionRefAttrs = {
  /** Id of the referenced document (nghị quyết, chỉ thị...). */
  id: string
  /** How it reads in text: "Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương". */
  label: string
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    resolutionRef: {
      /** Inserts a reference to a document at the selection. */
      insertResolutionRef: (attrs: ResolutionRefAttrs) => ReturnType
    }
  }
}

/**
 * An inline, non-editable reference to a document: `<span data-resolution-ref="ID"
 * class="resolution-ref">label</span>` in the editor, a link to the document page when rendered.
 */
export const ResolutionRef = Node.create<{ HTMLAttributes: Record<string, unknown> }>({
  name: 'resolutionRef',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { HTMLAttributes: {} }
  },

  addAttributes() {
    return {
      id: {
        default: null,
        rendered: false,
        parseHTML: (element) => element.getAttribute('data-resolution-ref'),
      },
      label: {
        default: '',
        rendered: false,
        parseHTML: (element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
      },
    }
  },

  parseHTML() {
    return [{ tag: 'span[data-resolution-ref]' }]
  },

  renderHTML({ node, HTMLAttributes }) {
    return [
      'span',
      mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, {
        'data-resolution-ref': node.attrs.id,
        class: 'resolution-ref',
      }),
      String(node.attrs.label ?? ''),
    ]
  },

  renderText({ node }) {
    return String(node.attrs.label ?? '')
  },

  addCommands() {
    return {
      insertResolutionRef:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { id: attrs.id, label: attrs.label } }),
    }
  },
})

export function getExtensions(): Extensions {
  return [
    StarterKit.configure({
      // Meeting records have no use for code blocks; one less node for every renderer to support.
      codeBlock: false,
      heading: { levels: [...HEADING_LEVELS] },
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        // `protocols` only registers extra schemes with linkify (http, https and e-mail are built in);
        // the allow-list itself is isAllowedUri, used for pasted HTML, setLink and rendering.
        protocols: [],
        isAllowedUri: (url) => isSafeHref(url),
        HTMLAttributes: { target: '_blank', rel: 'noopener noreferrer nofollow', class: null },
      },
    }),
    // No column resizing: widths stay automatic on screen, in print and in .docx.
    TableKit.configure({ table: { resizable: false } }),
    ResolutionRef,
  ]
}
