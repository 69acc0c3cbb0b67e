/*
 * geoloc.c: range-Doppler geolocation (geoloc.h).  No library here does
 * this, so it is written out: Lagrange interpolation of the state vectors,
 * then Newton's method on the three conditions a ground point satisfies
 * (on the ellipsoid, at the slant range, in the zero-Doppler plane).
 */
#include <math.h>

#include "sar/geoloc.h"

#define DEG (M_PI / 180.0)
#define E2 (GEOLOC_F * (2.0 - GEOLOC_F))   /* first eccentricity squared */
#define B (GEOLOC_A * (1.0 - GEOLOC_F))   /* semi-minor axis */
#define NLAG 8

int
geoloc_orbit_at(const struct geoloc_orbit *o, double t, double pos[3], double vel[3])
{
	double x = (t - o->t0) / o->dt;
	int i0, m = o->n < NLAG ? o->n : NLAG;

	/* a little extrapolation is harmless; more means the wrong orbit */
	if (o->n < 2 || !(x >= -1.0 && x <= o->n))
		return -1;
	i0 = (int)floor(x) - m / 2 + 1;
	if (i0 < 0)
		i0 = 0;
	if (i0 > o->n - m)
		i0 = o->n - m;
	for (int j = 0; j < 3; j++)
		pos[j] = vel[j] = 0;
	for (int i = i0; i < i0 + m; i++) {
		double w = 1;
		for (int k = i0; k < i0 + m; k++)
			if (k != i)
				w *= (x - k) / (double)(i - k);
		for (int j = 0; j < 3; j++) {
			pos[j] += w * o->sv[i][j];
			vel[j] += w * o->sv[i][j + 3];
		}
	}
	return 0;
}

void
geoloc_llh_to_xyz(double lat, double lon, double h, double xyz[3])
{
	double p = lat * DEG, l = lon * DEG;
	double n = GEOLOC_A / sqrt(1 - E2 * sin(p) * sin(p));

	xyz[0] = (n + h) * cos(p) * cos(l);
	xyz[1] = (n + h) * cos(p) * sin(l);
	xyz[2] = (n * (1 - E2) + h) * sin(p);
}

void
geoloc_xyz_to_llh(const double xyz[3], double *lat, double *lon, double *h)
{
	double p = hypot(xyz[0], xyz[1]), phi, n = GEOLOC_A;

	*lon = atan2(xyz[1], xyz[0]) / DEG;
	/* fixed point on tan(phi) = (z + e² n sin phi) / p; converges to
	 * well below a millimetre in a few rounds for any height in orbit */
	phi = atan2(xyz[2], p * (1 - E2));
	for (int i = 0; i < 10; i++) {
		n = GEOLOC_A / sqrt(1 - E2 * sin(phi) * sin(phi));
		phi = atan2(xyz[2] + E2 * n * sin(phi), p);
	}
	n = GEOLOC_A / sqrt(1 - E2 * sin(phi) * sin(phi));
	*lat = phi / DEG;
	*h = fabs(cos(phi)) > 1e-9 ? p / cos(phi) - n : fabs(xyz[2]) - B;
}

double
geoloc_dist(double lat1, double lon1, double lat2, double lon2)
{
	double a[3], b[3];

	geoloc_llh_to_xyz(lat1, lon1, 0, a);
	geoloc_llh_to_xyz(lat2, lon2, 0, b);
	return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
	    (a[2] - b[2]) * (a[2] - b[2]));
}

long
geoloc_days(int year, int doy)
{
	long d = 0;

	for (int y = 2000; y < year; y++)
		d += 365 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
	for (int y = year; y < 2000; y++)
		d -= 365 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
	return d + doy - 1;
}

static double
dot(const double a[3], const double b[3])
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* Solves J d = f for d by Cramer's rule; -1 if J is singular. */
static int
solve3(double J[3][3], const double f[3], double d[3])
{
	double det = J[0][0] * (J[1][1] * J[2][2] - J[1][2] * J[2][1]) -
	    J[0][1] * (J[1][0] * J[2][2] - J[1][2] * J[2][0]) +
	    J[0][2] * (J[1][0] * J[2][1] - J[1][1] * J[2][0]);

	if (fabs(det) < 1e-300)
		return -1;
	for (int c = 0; c < 3; c++) {
		double M[3][3];
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				M[i][j] = j == c ? f[i] : J[i][j];
		d[c] = (M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
		    M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
		    M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0])) / det;
	}
	return 0;
}

int
geoloc_rdr2geo(const struct geoloc_orbit *o, double t, double r, int side,
    double *lat, double *lon)
{
	double S[3], V[3], up[3], rt[3], P[3], s, re, cg, g, h;
	double la, lo;

	if (geoloc_orbit_at(o, t, S, V) != 0)
		return -1;
	/* first guess on a sphere of the local radius below the satellite */
	geoloc_xyz_to_llh(S, &la, &lo, &h);
	s = sqrt(dot(S, S));
	re = s - h;
	cg = (s * s + re * re - r * r) / (2 * s * re);
	if (!(r > h) || cg > 1 || cg < -1)
		return -1;
	g = acos(cg);
	for (int j = 0; j < 3; j++)
		up[j] = S[j] / s;
	/* right of the track = velocity x up */
	rt[0] = V[1] * up[2] - V[2] * up[1];
	rt[1] = V[2] * up[0] - V[0] * up[2];
	rt[2] = V[0] * up[1] - V[1] * up[0];
	{
		double n = sqrt(dot(rt, rt));
		if (n == 0)
			return -1;
		for (int j = 0; j < 3; j++)
			rt[j] *= (side > 0 ? 1 : -1) / n;
	}
	for (int j = 0; j < 3; j++)
		P[j] = re * (cos(g) * up[j] + sin(g) * rt[j]);
	for (int it = 0; it < 30; it++) {
		double D[3] = { P[0] - S[0], P[1] - S[1], P[2] - S[2] }, f[3], J[3][3], d[3];

		f[0] = dot(D, D) - r * r;
		f[1] = dot(D, V);
		f[2] = (P[0] * P[0] + P[1] * P[1]) / (GEOLOC_A * GEOLOC_A) + P[2] * P[2] / (B * B) - 1;
		for (int j = 0; j < 3; j++) {
			J[0][j] = 2 * D[j];
			J[1][j] = V[j];
		}
		J[2][0] = 2 * P[0] / (GEOLOC_A * GEOLOC_A);
		J[2][1] = 2 * P[1] / (GEOLOC_A * GEOLOC_A);
		J[2][2] = 2 * P[2] / (B * B);
		if (solve3(J, f, d) != 0)
			return -1;
		for (int j = 0; j < 3; j++)
			P[j] -= d[j];
		if (fabs(d[0]) + fabs(d[1]) + fabs(d[2]) < 1e-6)
			break;
	}
	/* Newton may have crossed to the mirror solution: check the side */
	{
		double D[3] = { P[0] - S[0], P[1] - S[1], P[2] - S[2] };
		if (dot(D, rt) <= 0 || fabs(sqrt(dot(D, D)) - r) > 1e-3)
			return -1;
	}
	geoloc_xyz_to_llh(P, lat, lon, &h);
	return 0;
}
