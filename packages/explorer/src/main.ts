import { ApiError, api } from './api.js';
import { renderLatencyChart } from './chart.js';
import { byId, h, time } from './dom.js';
import { renderChanges, renderHealth, renderLifecycle } from './feeds.js';
import { renderMatrix } from './matrix.js';
import { setupResolver } from './resolver.js';

const CHANGE_DAYS = 7;

/** Loads every section from the same origin's API; each section shows its own error. */
async function load() {
  const main = document.body;
  main.removeAttribute('data-ready');
  const regionsAnswer = await api.regions();
  const regions = regionsAnswer.items;
  const regionCodes = regions.map((r) => r.region);
  byId('as-of').replaceChildren(
    'Catalog as of ',
    time(regionsAnswer.catalogAsOf),
    ` · ${regions.length} regions`,
  );

  renderLatencyChart(byId('chart'), regions);

  // Throughputs only where the region's last scan counted some: most regions hold none.
  const throughputRegions = regions.filter((r) => r.counts.throughputs > 0).map((r) => r.region);
  const [models, profiles, throughputs, quotas, health, changes, lifecycle, snapshots] =
    await Promise.allSettled([
      api.models(),
      Promise.all(regionCodes.map((r) => api.regionProfiles(r))).then((lists) => lists.flat()),
      Promise.all(throughputRegions.map((r) => api.regionThroughputs(r))).then((lists) =>
        lists.flat(),
      ),
      Promise.all(regionCodes.map((r) => api.regionQuotas(r))),
      api.health(),
      api.changes(new Date(Date.now() - CHANGE_DAYS * 86_400_000)),
      // `?within=30d` on the page's address widens or narrows the window; else the API's default.
      api.lifecycle(new URLSearchParams(location.search).get('within')),
      // The cells' prices: one snapshot per region holds every model's targets with theirs.
      Promise.all(regionCodes.map((r) => api.snapshot(r))),
    ]);

  if (health.status === 'fulfilled') renderHealth(byId('health'), health.value, regions);
  else showError(byId('health'), health.reason);

  if (changes.status === 'fulfilled')
    renderChanges(byId('changes'), changes.value.items, CHANGE_DAYS);
  else showError(byId('changes'), changes.reason);

  if (lifecycle.status === 'fulfilled') renderLifecycle(byId('lifecycle'), lifecycle.value);
  else showError(byId('lifecycle'), lifecycle.reason);

  if (
    models.status === 'fulfilled' &&
    profiles.status === 'fulfilled' &&
    throughputs.status === 'fulfilled' &&
    quotas.status === 'fulfilled'
  ) {
    const resolver = setupResolver(models.value.items, regionCodes);
    renderMatrix(byId('matrix'), {
      models: models.value.items,
      regions: [...regionCodes].sort(),
      profiles: profiles.value,
      throughputs: throughputs.value,
      quotas: quotas.value,
      // Without the lifecycle list the LEGACY marks stay, only without their dates.
      lifecycle: lifecycle.status === 'fulfilled' ? lifecycle.value.items : [],
      // Without the snapshots the cells keep their state, only without prices.
      snapshots: snapshots.status === 'fulfilled' ? snapshots.value : [],
      onPick: (modelId, region) => void resolver.resolve(modelId, region),
    });
    const params = new URLSearchParams(location.search);
    const model = params.get('model');
    const region = params.get('region');
    if (model && region) await resolver.resolve(model, region);
  } else {
    const reason = [models, profiles, throughputs, quotas].find(
      (answer): answer is PromiseRejectedResult => answer.status === 'rejected',
    )?.reason;
    showError(byId('matrix'), reason);
  }
  main.dataset.ready = 'true';
}

function showError(container: HTMLElement, error: unknown) {
  container.replaceChildren(
    h(
      'p',
      { class: 'error', role: 'alert' },
      error instanceof ApiError
        ? `The catalog answered ${error.status} ${error.code}: ${error.message}`
        : `Could not reach the catalog API: ${String(error)}`,
    ),
  );
}

byId('refresh').addEventListener('click', () => {
  load().catch((error) => showError(byId('as-of'), error));
});
load().catch((error) => {
  showError(byId('as-of'), error);
  document.body.dataset.ready = 'error';
});
