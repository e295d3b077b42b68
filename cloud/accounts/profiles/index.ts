/** Role profiles (owner, provider, crew) and organisations. */
export { profilesHttp } from "./http.ts";
export { createOrganisation, listOrganisationsOf, requireOrganisationRole } from "./organisations.ts";
export { getProfiles } from "./profiles.ts";
