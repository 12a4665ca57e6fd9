import type { AnyModel } from '../model.js';
import anomalousGithubDownload from './anomalous-github-download.js';
import beaconingActivityToExternalRare from './beaconing-activity-to-external-rare.js';
import executableFromRareExternalLocation from './executable-from-rare-external-location.js';
import fastBeaconingToDga from './fast-beaconing-to-dga.js';
import largeNumberOfSuspiciousFailedConnections from './large-number-of-suspicious-failed-connections.js';
import multipleHttpPostsToRareHostname from './multiple-http-posts-to-rare-hostname.js';
import networkScan from './network-scan.js';
import newPowershellUserAgent from './new-powershell-user-agent.js';
import newUserAgentToIpWithoutHostname from './new-user-agent-to-ip-without-hostname.js';
import possibleDoppelgangerAttack from './possible-doppelganger-attack.js';
import possibleSslCommandAndControl from './possible-ssl-command-and-control.js';
import postingHttpToIpWithoutHostname from './posting-http-to-ip-without-hostname.js';
import powershellToRareExternal from './powershell-to-rare-external.js';
import rareExternalSslSelfSigned from './rare-external-ssl-self-signed.js';
import unusualExternalDataToNewEndpoint from './unusual-external-data-to-new-endpoint.js';

/** Every network model; each lives in its own file beside its test. */
export const NETWORK_MODELS: AnyModel[] = [
  multipleHttpPostsToRareHostname,
  postingHttpToIpWithoutHostname,
  newUserAgentToIpWithoutHostname,
  rareExternalSslSelfSigned,
  powershellToRareExternal,
  fastBeaconingToDga,
  beaconingActivityToExternalRare,
  possibleSslCommandAndControl,
  largeNumberOfSuspiciousFailedConnections,
  possibleDoppelgangerAttack,
  anomalousGithubDownload,
  newPowershellUserAgent,
  unusualExternalDataToNewEndpoint,
  networkScan,
  executableFromRareExternalLocation,
] as AnyModel[];
