/*
 * geoloc.h: range-Doppler geolocation of SAR image points on the WGS84
 * ellipsoid from orbit state vectors (Earth-fixed), zero Doppler, height 0.
 * It replaces ISCE's rdr2geo for footprints; a2synth uses the same code to
 * put physically consistent corners into the L1.1 record prefixes.
 */
#ifndef GEOLOC_H
#define GEOLOC_H

#define GEOLOC_A  6378137.0              /* WGS84 semi-major axis, m */
#define GEOLOC_F  (1.0 / 298.257223563)  /* WGS84 flattening */

/* Equally spaced state vectors: time of point i is t0 + i * dt seconds
 * (any fixed epoch, e.g. seconds since 2000-01-01). */
struct geoloc_orbit {
	int n;
	double t0, dt;
	double (*sv)[6]; /* x y z (m), vx vy vz (m/s), Earth-fixed */
};

/* Position and velocity at t by 8-point Lagrange interpolation; -1 when t
 * lies outside the vectors' span. */
int geoloc_orbit_at(const struct geoloc_orbit *o, double t, double pos[3], double vel[3]);

/*
 * Ground point (height 0) seen at slant range r (m) at zero Doppler time t,
 * right (side > 0) or left (side < 0) of the track.  0, or -1 if t is off
 * the orbit or the range does not reach the ellipsoid.
 */
int geoloc_rdr2geo(const struct geoloc_orbit *o, double t, double r, int side,
    double *lat, double *lon);

/* Geodetic <-> Earth-fixed Cartesian, degrees and metres. */
void geoloc_llh_to_xyz(double lat, double lon, double h, double xyz[3]);
void geoloc_xyz_to_llh(const double xyz[3], double *lat, double *lon, double *h);
/* Straight-line distance (m) between two points at height 0: for points a
 * few km apart the same as the distance along the ground. */
double geoloc_dist(double lat1, double lon1, double lat2, double lon2);
/* Days since 2000-01-01 of year/day-of-year (1-based), for time stamps. */
long geoloc_days(int year, int doy);

#endif
