import type { Challenge, Channel, User } from '@outloud/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, recordLiveFrames } from '../support/browser.js';
import { englishFoundIn, englishOnlyMessages } from '../support/english-leftovers.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const englishMessages = englishOnlyMessages();

/** What a page shows a reader: its text, the names and hints in attributes, and the tab's title. */
interface Shown {
  lang: string;
  text: string;
  attributes: string;
  times: string[];
}

/** What `page` shows now; the text of elements matching `except` (content, not interface) left out. */
async function shownOn(page: Page, except: string | null): Promise<Shown> {
  // A string, evaluated in the page: these tests are typed without the DOM library.
  return page.evaluate<Shown>(`(() => {
    const except = ${JSON.stringify(except)};
    const attributes = [...document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')]
      .flatMap((element) => ['aria-label', 'placeholder', 'title', 'alt']
        .map((name) => element.getAttribute(name))
        .filter((value) => value !== null));
    const content = except === null ? [] : [...document.querySelectorAll(except)]
      .map((element) => element.innerText);
    return {
      lang: document.documentElement.lang,
      text: content.reduce((text, part) => text.split(part).join(''), document.body.innerText),
      attributes: [document.title, ...attributes].join('\\n'),
      times: [...document.querySelectorAll('main time')].map((time) => time.innerText.trim()),
    };
  })()`);
}

/** Waits until the page's content has stopped loading ("Wird geladen …", "Suche läuft…"). */
async function settled(page: Page): Promise<void> {
  await page
    .locator('main')
    .getByText(/\bgeladen\b|läuft…|gesucht…|Loading/)
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 });
}

// Relative times and dates as German readers expect them. "jetzt" (Intl's "now") only counts
// where a time stands: inside a <time>, or at the end of a line ("Letzter Beitrag jetzt").
const germanDate =
  /(?<!\p{L})(gerade eben|gestern|vor \d+ (Sekunden?|Minuten?|Stunden?|Tag(en)?))(?!\p{L})|(?<!\p{L})jetzt$|\b\d{1,2}\.\d{1,2}\.\d{4}\b/mu;
const englishDate =
  /\b(just now|yesterday|\d+ (seconds?|minutes?|hours?|days?) ago)\b|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}\b/;

/**
 * The page speaks German: `<html lang="de">`, no English interface message in its text or in
 * the labels and hints of its elements, and (where it shows times) times written the German way.
 */
async function expectGerman(
  page: Page,
  where: string,
  options: { dates?: boolean; except?: string } = {},
) {
  await settled(page);
  const shown = await shownOn(page, options.except ?? null);
  expect(shown.lang, `${where}: <html lang>`).toBe('de');
  const inText = englishFoundIn(shown.text, englishMessages);
  const inAttributes = englishFoundIn(shown.attributes, englishMessages);
  expect(
    { inText, inAttributes },
    `${where}: English interface text is left\n--- page text ---\n${shown.text}\n--- labels ---\n${shown.attributes}`,
  ).toEqual({ inText: [], inAttributes: [] });
  expect(shown.text, `${where}: a date in English`).not.toMatch(englishDate);
  if (options.dates === true) {
    const german = germanDate.test(shown.text) || shown.times.some((time) => /^jetzt$/.test(time));
    expect(
      german,
      `${where}: no German date or time among\n${shown.times.join('\n')}\n${shown.text}`,
    ).toBe(true);
  }
}

/** Reloads until `target` shows: content that travels through the event pipeline first. */
async function eventually(page: Page, target: Locator, what: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await target.waitFor({ timeout: 2_000 });
      return;
    } catch (error) {
      if (attempt >= 10) throw new Error(`${what} never showed`, { cause: error });
      await page.reload();
    }
  }
}

describe('a German walkthrough of the whole app', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let colleague: ApiClient;
  let kitchen: Channel;
  let challenge: Challenge;

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!, {
      handle: 'paula_admin',
      displayName: 'Paula Verwalterin',
    });
    colleague = new ApiClient(world.url);
    await colleague.register({ handle: 'karl_kollege', displayName: 'Karl Kollege' });

    const created = await admin.request<{ channel: Channel }>('POST', '/channels', {
      slug: 'kaffeekueche',
      name: 'Kaffeeküche',
      description: 'Alles rund um Kaffee, Tee und die Maschine im dritten Stock.',
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    kitchen = created.body.channel;
    expect((await colleague.request('POST', `/channels/${kitchen.id}/join`)).status).toBe(204);
    const tip = await admin.request('POST', '/posts', {
      channelId: kitchen.id,
      kind: 'tip',
      title: 'Bohnen immer frisch mahlen',
      body: 'Gemahlener Kaffee verliert in Minuten sein Aroma.',
      tags: ['kaffee'],
    });
    expect(tip.status).toBe(201);
    const started = await admin.request<{ challenge: Challenge }>('POST', '/challenges', {
      channelId: kitchen.id,
      title: 'Drei Tage Latte Art',
      description: 'Jeden Tag ein Muster, jeden Tag ein Foto.',
      startDate: new Date().toISOString().slice(0, 10),
      timeZone: 'UTC',
      prompts: ['Ein Herz gießen', 'Eine Tulpe gießen', 'Einen Rosetta-Farn gießen'],
    });
    expect(started.status).toBe(201);
    challenge = started.body.challenge;
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('shows everything in German to someone whose browser speaks German', async () => {
    const context = await browser.newContext({
      locale: 'de-DE',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const frames = recordLiveFrames(page);
    const main = page.locator('main');

    // Sign-up, with German labels.
    await page.goto(`${world.url}/#/signup`);
    await page.getByRole('heading', { level: 1, name: 'Konto erstellen' }).waitFor();
    await expectGerman(page, 'sign-up');
    await page.getByLabel('E-Mail-Adresse').fill('jana@example.test');
    await page.getByLabel('Passwort', { exact: true }).fill('richtiges pferd batterie');
    await page.getByLabel('Anzeigename').fill('Jana Beispiel');
    await page.getByLabel('Benutzername').fill('jana_beispiel');
    await page.getByRole('button', { name: 'Registrieren' }).click();

    // Home: the tabs, the welcome, the latest posts with German times.
    await page.getByRole('tab', { name: 'Neueste' }).waitFor();
    await page.getByRole('region', { name: 'Willkommen bei Outloud, Jana Beispiel' }).waitFor();
    await main.getByText('Bohnen immer frisch mahlen').waitFor();
    await expectGerman(page, 'home, latest', { dates: true });
    await page.getByRole('tab', { name: 'Gefolgt' }).click();
    await main.getByText('Hier ist noch nichts.').first().waitFor();
    await expectGerman(page, 'home, following');
    await page.getByRole('tab', { name: 'Offen in meinen Themen' }).click();
    await page.getByRole('link', { name: 'Fähigkeiten im Profil eintragen' }).waitFor();
    await expectGerman(page, 'home, my topics');

    // The channel directory, joining a channel, and the channel itself.
    await page.getByRole('link', { name: 'Alle Kanäle durchsuchen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kanäle' }).waitFor();
    const kitchenRow = page
      .getByRole('list', { name: 'Gefundene Kanäle' })
      .getByRole('listitem')
      .filter({ hasText: 'Kaffeeküche' });
    await kitchenRow.getByText(/^Letzter Beitrag/).waitFor();
    await expectGerman(page, 'channel directory', { dates: true });
    await kitchenRow.getByRole('button', { name: 'Beitreten' }).click();
    await kitchenRow.getByText('Du bist Mitglied').waitFor();
    await kitchenRow.getByRole('link', { name: 'Kaffeeküche' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kaffeeküche' }).waitFor();
    await main.getByText('Bohnen immer frisch mahlen').waitFor();
    await expectGerman(page, 'channel', { dates: true });
    await page.getByRole('tab', { name: 'Unbeantwortet' }).click();
    await main.getByText('Keine unbeantworteten Fragen.').waitFor();
    await expectGerman(page, 'channel, unanswered');

    // The composer on home: open it, ask a tagged question in the channel.
    await page.goto(`${world.url}/#/`);
    const composer = page.locator('form.composer');
    const title = composer.getByLabel('Titel');
    expect(await title.getAttribute('placeholder')).toBe('Teile einen Tipp oder frag…');
    await title.click();
    await composer.getByLabel('Text', { exact: true }).waitFor();
    await composer.getByRole('radio', { name: 'Frage' }).check();
    await title.fill('Wie entkalke ich die Siebträgermaschine?');
    await composer.getByLabel('Kanal', { exact: true }).selectOption({ label: 'Kaffeeküche' });
    await composer
      .getByLabel('Text', { exact: true })
      .fill('Sie braucht seit Wochen länger, und der Espresso schmeckt bitter.');
    await composer.getByLabel('Tags').fill('kaffee, wartung');
    // Numbers are grouped the German way: the body's limit is 40.000 characters.
    await composer.getByText(/\/ 40\.000 Zeichen/).waitFor();
    await expectGerman(page, 'home, composer open');
    await composer.getByRole('button', { name: 'Veröffentlichen' }).click();

    // The question's page: an answer arrives live, is accepted, the actions menu speaks German.
    await page
      .getByRole('list', { name: 'Feed' })
      .getByRole('link', { name: 'Wie entkalke ich die Siebträgermaschine?' })
      .click();
    await page
      .getByRole('heading', { level: 1, name: 'Wie entkalke ich die Siebträgermaschine?' })
      .waitFor();
    await page.getByRole('heading', { name: '0 Antworten' }).waitFor();
    await expect.poll(() => frames.some((frame) => frame.includes('"post:subscribe"'))).toBe(true);
    const postId = /#\/posts\/([^/?]+)/.exec(page.url())![1]!;
    await expectGerman(page, 'post, no answers', { dates: true });

    const answered = await colleague.request('POST', `/posts/${postId}/answers`, {
      body: 'Mit Zitronensäure: eine Stunde einwirken lassen, dann zweimal durchspülen.',
    });
    expect(answered.status).toBe(201);
    const answers = page.getByRole('list', { name: 'Antworten' });
    const answer = answers.getByRole('listitem').filter({ hasText: 'Zitronensäure' });
    await answer.waitFor({ timeout: 10_000 });
    await page.getByRole('heading', { name: '1 Antwort' }).waitFor();
    await answer.getByRole('button', { name: 'Akzeptieren', exact: true }).click();
    await answer.getByText('Akzeptierte Antwort').waitFor();
    await page.getByRole('button', { name: 'Merken' }).click();
    await expectGerman(page, 'post, answered and accepted', { dates: true });

    await page.getByRole('button', { name: 'Weitere Aktionen für diesen Beitrag' }).click();
    const menu = page.getByRole('menu');
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual([
      'Verlauf anzeigen',
      'Als Nachweis hinzufügen',
      'Als Duplikat schließen',
      'Beitrag bearbeiten',
      'Beitrag löschen',
    ]);
    await expectGerman(page, 'post, actions menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Weitere Aktionen für diesen Beitrag' }).click();
    await menu.getByRole('menuitem', { name: 'Verlauf anzeigen' }).click();
    await page.getByRole('heading', { name: 'Verlauf' }).waitFor();
    await main.getByText(/^Keine früheren Versionen/).waitFor();
    await expectGerman(page, 'post, history');
    await page.getByRole('button', { name: 'Weitere Aktionen für diesen Beitrag' }).click();
    await menu.getByRole('menuitem', { name: 'Beitrag bearbeiten' }).click();
    const editForm = page.getByRole('form', { name: 'Beitrag bearbeiten' });
    await editForm.getByLabel('Titel').waitFor();
    await expectGerman(page, 'post, editing');
    await editForm.getByRole('button', { name: 'Abbrechen' }).click();
    await editForm.waitFor({ state: 'detached' });

    // Search, from the box in the header.
    await page.getByLabel('Beiträge durchsuchen').fill('Siebträgermaschine');
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 1, name: 'Ergebnisse für „Siebträgermaschine“' })
      .waitFor();
    await eventually(
      page,
      page.getByRole('link', { name: 'Wie entkalke ich die Siebträgermaschine?' }),
      'the question in the search results',
    );
    await expectGerman(page, 'search');

    // Experts on the question's tag.
    await page.getByRole('button', { name: /^Kontomenü von/ }).click();
    await page.getByRole('link', { name: 'Fachleute finden' }).click();
    // The page is called what its link says.
    await page.getByRole('heading', { level: 1, name: 'Fachleute finden' }).waitFor();
    await page.getByLabel('Thema').fill('kaffee');
    await page.getByRole('button', { name: 'Finden' }).click();
    await eventually(page, main.getByText('Karl Kollege').first(), 'the answerer among experts');
    await expectGerman(page, 'experts');

    // Notifications: the answer.
    await page.goto(`${world.url}/#/notifications`);
    await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
    await eventually(
      page,
      main.getByText('Karl Kollege hat „Wie entkalke ich die Siebträgermaschine?“ beantwortet'),
      'the answer notification',
    );
    await expectGerman(page, 'notifications', { dates: true });

    // Bookmarks.
    await page.getByRole('button', { name: /^Kontomenü von/ }).click();
    await page.getByRole('link', { name: 'Lesezeichen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lesezeichen' }).waitFor();
    await main.getByText('Wie entkalke ich die Siebträgermaschine?').waitFor();
    await expectGerman(page, 'bookmarks', { dates: true });
    await page.getByRole('button', { name: /^Benachrichtigungen/ }).click();
    await page.getByRole('list', { name: 'Neueste Benachrichtigungen' }).waitFor();
    await expectGerman(page, 'notifications menu', { dates: true });
    await page.keyboard.press('Escape');
    await page.goto(`${world.url}/#/bookmarks`);
    await page.getByRole('heading', { level: 1, name: 'Lesezeichen' }).waitFor();
    await page.keyboard.press('?');
    const shortcuts = page.getByRole('dialog', { name: 'Tastenkürzel' });
    await shortcuts.waitFor();
    await expectGerman(page, 'keyboard shortcuts');
    await shortcuts.getByRole('button', { name: 'Schließen' }).click();
    await shortcuts.waitFor({ state: 'hidden' });

    // Pages reached by address: a tag, a new post, a new channel, one that does not exist.
    for (const [hash, heading] of [
      ['#/tags/kaffee', '#kaffee'],
      ['#/new', 'Neuer Beitrag'],
      ['#/channels/new', 'Neuer Kanal'],
      ['#/gibt-es-nicht', 'Seite nicht gefunden'],
    ] as const) {
      await page.goto(`${world.url}/${hash}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expectGerman(page, hash);
    }

    // Profile.
    await page.getByRole('button', { name: /^Kontomenü von/ }).click();
    await page.getByRole('link', { name: 'Dein Profil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jana Beispiel' }).waitFor();
    await main.getByText('Wie entkalke ich die Siebträgermaschine?').waitFor();
    await expectGerman(page, 'profile', { dates: true });

    // Settings, each section.
    await page.goto(`${world.url}/#/settings`);
    await page.getByRole('heading', { level: 1, name: 'Einstellungen' }).waitFor();
    await page.getByLabel('Position').fill('Baristin');
    await page.getByRole('button', { name: 'Profil speichern' }).click();
    await page.getByText('Profil gespeichert.').waitFor();
    await page.getByLabel('Aktuelles Passwort').fill('richtiges pferd batterie');
    await page.getByLabel('Neues Passwort').fill('noch richtigeres pferd');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByText('Passwort geändert. Andere Geräte sind abgemeldet.').waitFor();
    await page.getByRole('heading', { name: 'Wo du angemeldet bist' }).waitFor();
    await page.getByLabel('Name des Tokens').fill('Kaffeeskript');
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    await page.getByText('Dein neues Token „Kaffeeskript“.').waitFor();
    await page.getByRole('button', { name: 'Fertig' }).click();
    await page
      .getByRole('list', { name: 'Deine API-Tokens' })
      .getByRole('button', { name: 'Widerrufen Kaffeeskript' })
      .waitFor();
    await page.getByRole('checkbox', { name: /^Tägliche Zusammenfassung/ }).check();
    await page.getByText('Gespeichert.').first().waitFor();
    await expectGerman(page, 'settings', { dates: true });
    // Chosen in the profile, German reaches the emails too: the digest's preview follows.
    await page.getByLabel('Sprache', { exact: true }).selectOption('de');
    await page.getByRole('button', { name: 'Profil speichern' }).click();
    await page.getByText('Profil gespeichert.').waitFor();
    await eventually(
      page,
      main.getByText(/^Betreff: Outloud: 1 ungelesene Benachrichtigung/),
      'the digest preview in German',
    );
    expect(
      await page
        .frameLocator('iframe[title="Vorschau der Zusammenfassung"]')
        .locator('body')
        .innerText(),
    ).toContain('deine Outloud-Zusammenfassung vom');

    // Learning: a goal, a log entry, a challenge, the portfolio.
    await page.getByRole('link', { name: 'Mein Lernen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mein Lernen' }).waitFor();
    await expectGerman(page, 'goals, empty');
    await page.getByLabel('Ziel', { exact: true }).fill('Die Maschine selbst warten können');
    await page.getByLabel('Wer es sehen kann').selectOption('public');
    await page.getByRole('button', { name: 'Ziel setzen' }).click();
    await page.getByRole('article', { name: 'Ziel: Die Maschine selbst warten können' }).waitFor();
    await page.getByLabel('Was ich heute gelernt habe').fill('Zitronensäure statt Essig nehmen.');
    await page.getByRole('button', { name: 'Ins Tagebuch schreiben' }).click();
    await page
      .getByRole('list', { name: 'Lerntagebuch' })
      .getByText('Zitronensäure statt Essig nehmen.')
      .waitFor();
    await expectGerman(page, 'goals and log', { dates: true });

    await page.getByRole('link', { name: 'Mein Portfolio' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Lernportfolio von Jana Beispiel' })
      .waitFor();
    await main.getByText('Die Maschine selbst warten können').waitFor();
    await expectGerman(page, 'portfolio', { dates: true });

    await page.getByRole('link', { name: 'Challenges', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Challenges' }).waitFor();
    await main.getByRole('link', { name: challenge.title }).click();
    await page.getByRole('heading', { level: 1, name: challenge.title }).waitFor();
    await page.getByRole('button', { name: 'Challenge beitreten' }).click();
    await page.getByRole('button', { name: 'Challenge verlassen' }).waitFor();
    await expectGerman(page, 'challenge', { dates: true });
    await page.goto(`${world.url}/#/challenges`);
    await main.getByRole('link', { name: challenge.title }).waitFor();
    await expectGerman(page, 'challenges', { dates: true });

    // Made an admin: the administration, tab by tab.
    const me = await admin.request<{ items: User[] }>('GET', '/admin/users?q=jana_beispiel');
    const jana = me.body.items.find((user) => user.handle === 'jana_beispiel')!;
    const promoted = await admin.request('PATCH', `/admin/users/${jana.id}`, {
      roles: ['member', 'admin'],
    });
    expect(promoted.status).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: /^Kontomenü von/ }).click();
    await page.getByRole('link', { name: 'Verwaltung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await main.getByText('karl_kollege').first().waitFor();
    await expectGerman(page, 'admin, people', { dates: true });
    const tabs = page.getByRole('navigation', { name: 'Verwaltung' });
    for (const tab of ['Einladungen', 'Protokoll', 'Registrierung und Anmeldung']) {
      await tabs.getByRole('link', { name: tab }).click();
      await page.getByRole('heading', { level: 2, name: tab }).waitFor();
      await expectGerman(page, `admin, ${tab}`);
    }
    await tabs.getByRole('link', { name: 'Postausgang' }).click();
    await page.getByRole('heading', { level: 2, name: 'Postausgang' }).waitFor();
    await main.getByText('E-Mail-Bestätigung').first().waitFor();
    // The emails' subjects are the emails' own text, written by the server's mail templates.
    await expectGerman(page, 'admin, outbox', { dates: true, except: 'ul.outbox > li > strong' });
    await page.goto(`${world.url}/#/challenges`);
    await page.getByText('Eine Challenge starten').click();
    await page.getByRole('form', { name: 'Neue Challenge' }).getByLabel('Startdatum').waitFor();
    await expectGerman(page, 'challenges, new challenge form');
    await page.getByRole('link', { name: 'Einblicke' }).click();
    await page.getByRole('heading', { level: 1, name: 'Team-Einblicke' }).waitFor();
    await expectGerman(page, 'insights');

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);
});
