import { mount } from 'svelte';
import Root from './Root.svelte';
import { startI18n } from './i18n';
import './app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

await startI18n();
mount(Root, { target });
