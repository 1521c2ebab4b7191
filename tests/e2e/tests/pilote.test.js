// Parcours d'un co-pilote de deux Cités : le sélecteur de Cité du menu.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test('co-pilote : changer de Cité depuis le menu', async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('pilote@demo.maillage.fr');
    assert.equal(new URL(page.url()).pathname, '/');
    const switcher = page.getByLabel("Cité de l'emploi", { exact: true });
    await switcher.waitFor();
    const options = await switcher.locator('option').evaluateAll((os) =>
      os.map((o) => ({ value: o.value, label: o.textContent.trim(), selected: o.selected })),
    );
    assert.equal(options.length, 2, `deux Cités attendues : ${JSON.stringify(options)}`);
    const current = options.find((o) => o.selected);
    const other = options.find((o) => !o.selected);
    assert.ok(current && other);
    const h1 = page.getByRole('heading', { level: 1 });
    assert.equal((await h1.innerText()).trim(), current.label);
    await checkA11y(page);
    s.assertNoProblems();

    await switcher.selectOption(other.value);
    await s.navigateBy(() => page.getByRole('button', { name: 'Changer de Cité' }).click());
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal((await h1.innerText()).trim(), other.label);
    assert.match(await page.locator('header').innerText(), new RegExp(escape(other.label)));
    assert.equal(await page.getByLabel("Cité de l'emploi", { exact: true }).inputValue(), other.value);
    await checkA11y(page);
    s.assertNoProblems();

    // Le choix tient d'une page à l'autre.
    await visit(s, '/cite');
    assert.equal((await h1.innerText()).trim(), other.label);
    await visit(s, '/partenaires');

    await s.signOut();
    assert.equal(new URL(page.url()).pathname, '/connexion');
  } finally {
    await s.close();
  }
});

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
