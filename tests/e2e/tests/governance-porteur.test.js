// Un porteur du Mans et les instances où siège sa structure : la
// coordination nomme la Régie de quartier des Sablons au comité de suivi et
// la convoque ; son porteur trouve « Instances » dans son menu, lit
// l'instance et la séance sans les commandes de la coordination, répond à la
// convocation et ouvre son abonnement d'agenda. axe sur chaque page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, isoDate, newSession, setUp, visit } from '../harness.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test("un porteur lit l'instance où siège sa structure et répond à sa convocation", async () => {
  const s = await newSession(env.browser, env.server.baseURL);
  const { page } = s;
  try {
    await s.signIn('coordination.lemans@demo.maillage.fr');
    await visit(s, '/instances/nouvelle');
    await page.locator('#committee_kind').selectOption('follow_up_committee');
    await page.locator('#name').fill('Comité de suivi des Sablons');
    await page.locator('#place').fill('Maison de quartier');
    await page.locator('#kind').selectOption('none');
    await s.navigateBy(() => page.getByRole('button', { name: "Créer l'instance" }).click(), { status: 200 });
    const member = page.locator('#member');
    await member.selectOption(await member.locator('option').filter({ hasText: 'Régie de quartier des Sablons' }).first().getAttribute('value'));
    await page.locator('#role').selectOption('member');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter le membre' }).click(), { status: 200 });
    await page.locator('#date').fill(isoDate(14));
    await page.locator('#time').fill('10:00');
    await s.navigateBy(() => page.getByRole('button', { name: 'Ajouter la séance' }).click(), { status: 200 });
    const meeting = new URL(page.url()).pathname;
    await s.navigateBy(() => page.getByRole('button', { name: 'Convoquer les membres' }).click(), { status: 200 });
    await page.getByText('Les membres sont convoqués').waitFor();
    s.assertNoProblems();

    await s.signOut();
    await s.signIn('porteur.sablons@demo.maillage.fr');
    await s.navigateBy(() => page.getByRole('navigation').getByRole('link', { name: 'Instances', exact: true }).first().click(), { status: 200 });
    await page.getByRole('heading', { level: 1, name: 'Instances' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Nouvelle instance' }).count(), 0);
    assert.equal(await page.getByText('Assiduité des partenaires').count(), 0);
    await checkA11y(page, { label: 'les instances du porteur' });

    await s.navigateBy(() => page.getByRole('link', { name: 'Comité de suivi des Sablons' }).first().click(), { status: 200 });
    await page.getByText('Régie de quartier des Sablons').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ajouter le membre' }).count(), 0);
    await checkA11y(page, { label: "l'instance vue par un porteur" });

    await visit(s, meeting);
    assert.equal(await page.getByRole('button', { name: /Convoquer/ }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Annuler la séance' }).count(), 0);
    await page.locator('label[for="reply-coming"]').click();
    await s.navigateBy(() => page.getByRole('button', { name: 'Enregistrer ma réponse' }).click(), { status: 200 });
    await page.getByRole('cell', { name: 'Sera présent' }).waitFor();
    await checkA11y(page, { label: 'la séance vue par un porteur' });

    await visit(s, '/agenda');
    await checkA11y(page, { label: "l'abonnement d'agenda d'un porteur" });
    s.assertNoProblems();
  } finally {
    await s.close();
  }
});
