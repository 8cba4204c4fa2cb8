// The scenario text to paste, edit and run; its drafts belong to the app, not to one run.
import { definePanel } from '../contract.ts';
import { Editor, EditorBadge } from './Editor.tsx';

export const editorPanel = definePanel({
  title: 'Editor',
  place: 'left',
  component: Editor,
  badge: EditorBadge,
  fields: {},
});
