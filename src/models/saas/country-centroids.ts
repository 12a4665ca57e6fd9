/**
 * Approximate geographic centres (latitude, longitude in degrees) of countries, for travel
 * distances when a sign-in carries only a country. Coarse on purpose: impossible travel needs
 * hundreds of kilometres of resolution, not tens.
 */
export const COUNTRY_CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  AE: [24, 54],
  AR: [-34, -64],
  AT: [47.5, 14.5],
  AU: [-25, 134],
  BD: [24, 90],
  BE: [50.6, 4.6],
  BG: [42.7, 25.5],
  BR: [-10, -52],
  BY: [53.7, 28],
  CA: [56, -106],
  CH: [46.8, 8.2],
  CL: [-33, -71],
  CN: [35, 103],
  CO: [4, -73],
  CY: [35, 33],
  CZ: [49.8, 15.5],
  DE: [51.2, 10.4],
  DK: [56, 10],
  DZ: [28, 2.6],
  EE: [58.6, 25],
  EG: [26.8, 30.8],
  ES: [40.4, -3.7],
  FI: [64, 26],
  FR: [46.6, 2.4],
  GB: [54, -2.5],
  GH: [7.9, -1],
  GR: [39, 22],
  HK: [22.3, 114.2],
  HR: [45.1, 15.2],
  HU: [47.2, 19.5],
  ID: [-2.5, 118],
  IE: [53.2, -8],
  IL: [31, 35],
  IN: [22, 79],
  IQ: [33, 44],
  IR: [32, 53],
  IS: [65, -18],
  IT: [42.8, 12.6],
  JP: [36, 138],
  KE: [0.2, 37.9],
  KR: [36.5, 127.8],
  KZ: [48, 67],
  LT: [55.2, 23.9],
  LU: [49.8, 6.1],
  LV: [56.9, 24.6],
  MA: [31.8, -7.1],
  MD: [47, 28.4],
  MX: [23.6, -102.5],
  MY: [4.2, 102],
  NG: [9.1, 8.7],
  NL: [52.1, 5.3],
  NO: [61, 9],
  NZ: [-41.3, 174],
  PA: [8.5, -80],
  PE: [-9.2, -75],
  PH: [12.9, 122],
  PK: [30.4, 69.3],
  PL: [52, 19.1],
  PT: [39.6, -8],
  RO: [45.9, 24.9],
  RS: [44, 21],
  RU: [56, 38],
  SA: [23.9, 45],
  SE: [62, 15],
  SG: [1.35, 103.8],
  SI: [46.1, 14.9],
  SK: [48.7, 19.7],
  TH: [15.9, 101],
  TR: [39, 35.2],
  TW: [23.7, 121],
  UA: [49, 31.5],
  US: [39.8, -98.6],
  UY: [-32.5, -55.8],
  VE: [7, -66],
  VN: [16, 107.8],
  ZA: [-29, 24.7],
};

const EARTH_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
