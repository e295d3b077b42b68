/** Edit one unit from the owner app (OWNER): name, type, limits and alarm rules, sent to the hub in desired state. */
import { DEFAULT_RANGES } from "../../../shared/equipment/index.ts";
import { Async, PageTitle, useAsync } from "../../../shared/ui/components.tsx";
import { Link } from "../../../shared/ui/router.tsx";
import { splitUnitSettings, type UnitSettings, UnitSettingsForm } from "../../../shared/ui/unit-settings.tsx";
import { api } from "../api.ts";
import type { EquipmentView, Site } from "../types.ts";

/** The form's starting values: what the hub last reported (its configured record), the cloud's rules on top. */
function initialOf(unit: EquipmentView | undefined, rules: Record<string, number>): UnitSettings {
  const type = unit?.type ?? "FRIDGE";
  const d = DEFAULT_RANGES[type];
  return {
    name: unit?.equipmentName ?? "",
    type,
    setTemperature: unit?.setTemperature ?? d.setTemperature,
    optimalMin: unit?.limits?.low ?? d.optimalMin,
    optimalMax: unit?.limits?.high ?? d.optimalMax,
    highDelayMs: rules.highDelayMs,
    lowDelayMs: rules.lowDelayMs,
    doorOpenAlarmMs: rules.doorOpenAlarmMs,
    staleMs: rules.staleMs,
  };
}

export function UnitSettingsPage({ site, equipmentId }: { site: Site; equipmentId: string }) {
  const state = useAsync(async () => {
    const [units, rules] = await Promise.all([api.equipment(site.id), api.unitRules(site.id, equipmentId)]);
    return { unit: units.find((u) => u.equipmentId === equipmentId), rules: rules.settings };
  }, [site.id, equipmentId]);
  return (
    <Async state={state}>
      {({ unit, rules }) => {
        const name = unit?.equipmentName ?? "Unit";
        return (
          <>
            <PageTitle>{`${name}: settings`}</PageTitle>
            <p>
              <Link href={`/sites/${site.id}/units/${equipmentId}`}>Back to {name}</Link>
            </p>
            {site.role !== "OWNER" ? (
              <p class="muted">Only an owner of {site.name} can change a unit's settings.</p>
            ) : (
              <>
                {!unit?.type && (
                  <p class="muted">
                    The hub has not reported this unit's settings yet: check the type and set temperature.
                  </p>
                )}
                <UnitSettingsForm
                  initial={initialOf(unit, rules)}
                  savedText="Saved. The hub applies it at its next sync (within a minute when it is online)."
                  onSave={async (s) => {
                    const { equipment, rules: settings } = splitUnitSettings(s);
                    await api.saveUnit(site.id, equipmentId, equipment, settings);
                  }}
                />
              </>
            )}
          </>
        );
      }}
    </Async>
  );
}
