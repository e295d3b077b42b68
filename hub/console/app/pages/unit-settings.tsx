/** Edit one unit at the hub: name, type, limits and alarm rules (admin), applied at once, no internet needed. */
import { Async, PageTitle, useAsync } from "../../../../shared/ui/components.tsx";
import { Link } from "../../../../shared/ui/router.tsx";
import { splitUnitSettings, UnitSettingsForm } from "../../../../shared/ui/unit-settings.tsx";
import { hub, me } from "../api.ts";

export function UnitSettingsPage({ id }: { id: string }) {
  const state = useAsync(async () => {
    const [unit, { rules }] = await Promise.all([hub.oneEquipment(id), hub.rules(id)]);
    return { unit, rules };
  }, [id]);
  return (
    <Async state={state}>
      {({ unit, rules }) => (
        <>
          <PageTitle>{`${unit.name}: settings`}</PageTitle>
          <p>
            <Link href={`/equipment/${id}`}>Back to {unit.name}</Link>
          </p>
          {me.value?.role !== "admin" ? (
            <p class="muted">Only a hub admin can change a unit's settings.</p>
          ) : (
            <UnitSettingsForm
              initial={{
                name: unit.name,
                type: unit.type,
                setTemperature: unit.setTemperature,
                optimalMin: unit.optimalMin,
                optimalMax: unit.optimalMax,
                highDelayMs: rules.highDelayMs,
                lowDelayMs: rules.lowDelayMs,
                doorOpenAlarmMs: rules.doorOpenAlarmMs,
                staleMs: rules.staleMs,
              }}
              savedText="Saved on the hub; the alarm rules use the new settings from now on."
              onSave={async (s) => {
                const { equipment, rules: settings } = splitUnitSettings(s);
                await hub.updateEquipment(id, equipment);
                await hub.setRules(id, settings);
                state.reload();
              }}
            />
          )}
        </>
      )}
    </Async>
  );
}
