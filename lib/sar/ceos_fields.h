/*
 * ceos_fields.h: every ALOS-2 CEOS field a2 reads or writes, each named once
 * with its 0-based offset, length and type, next to the section of
 * ../shared/spec/alos2-formats.md it comes from.  The reader (ceos.c) and
 * the synthesiser (a2synth) both use this table, so they cannot drift apart.
 *
 * Types: 'A' ASCII text (blank padded), 'I' ASCII integer (right-justified),
 * 'F' ASCII float (fixed or exponent), 'B' big-endian binary integer,
 * 'S' big-endian binary signed integer.
 */
#ifndef CEOS_FIELDS_H
#define CEOS_FIELDS_H

struct ceos_field {
	unsigned short off;
	unsigned short len;
	char type;
	const char *name; /* for error messages */
};

#define CEOS_F(o, l, t, n) ((struct ceos_field){ (o), (l), (t), (n) })

/* §3.1 common 12-byte record header */
#define CEOS_REC_SEQ      CEOS_F(0, 4, 'B', "record sequence number")
#define CEOS_REC_SUB1     CEOS_F(4, 1, 'B', "1st record subtype")
#define CEOS_REC_TYPE     CEOS_F(5, 1, 'B', "record type")
#define CEOS_REC_SUB2     CEOS_F(6, 1, 'B', "2nd record subtype")
#define CEOS_REC_SUB3     CEOS_F(7, 1, 'B', "3rd record subtype")
#define CEOS_REC_LEN      CEOS_F(8, 4, 'B', "record length")
#define CEOS_HDR_LEN      12

/* §3.1 common descriptor block (first record of VOL/LED/IMG/TRL) */
#define CEOS_DESC_ASCII   CEOS_F(12, 2, 'A', "ASCII/EBCDIC flag")
#define CEOS_DESC_DOC     CEOS_F(16, 12, 'A', "format control document")
#define CEOS_DESC_DOCREV  CEOS_F(28, 2, 'A', "document revision")
#define CEOS_DESC_RECREV  CEOS_F(30, 2, 'A', "record format revision")
#define CEOS_DESC_SWVER   CEOS_F(32, 12, 'A', "software version")
#define CEOS_DESC_FILENO  CEOS_F(44, 4, 'I', "file number")
#define CEOS_DESC_FILEID  CEOS_F(48, 16, 'A', "file ID")
#define CEOS_DESC_FSEQ    CEOS_F(64, 4, 'A', "FSEQ flag")
#define CEOS_DESC_FSEQLOC CEOS_F(68, 8, 'I', "sequence number location")
#define CEOS_DESC_FSEQLEN CEOS_F(76, 4, 'I', "sequence number field length")
#define CEOS_DESC_FTYP    CEOS_F(80, 4, 'A', "FTYP flag")
#define CEOS_DESC_FTYPLOC CEOS_F(84, 8, 'I', "record code location")
#define CEOS_DESC_FTYPLEN CEOS_F(92, 4, 'I', "record code field length")
#define CEOS_DESC_FLGT    CEOS_F(96, 4, 'A', "FLGT flag")
#define CEOS_DESC_FLGTLOC CEOS_F(100, 8, 'I', "record length location")
#define CEOS_DESC_FLGTLEN CEOS_F(108, 4, 'I', "record length field length")

/* §3.2 volume descriptor record (VDR, 360) */
#define VOL_VDR_LEN        360
#define VOL_PHYS_VOL_ID    CEOS_F(44, 16, 'A', "physical volume ID")
#define VOL_LOGICAL_VOL_ID CEOS_F(60, 16, 'A', "logical volume ID")
#define VOL_SET_ID         CEOS_F(76, 16, 'A', "volume set ID")
#define VOL_NVOL           CEOS_F(92, 2, 'I', "number of volumes")
#define VOL_FIRST_VOL      CEOS_F(94, 2, 'I', "first volume")
#define VOL_LAST_VOL       CEOS_F(96, 2, 'I', "last volume")
#define VOL_THIS_VOL       CEOS_F(98, 2, 'I', "this volume")
#define VOL_FIRST_FILE     CEOS_F(100, 4, 'I', "first file number")
#define VOL_LOGVOL1        CEOS_F(104, 4, 'I', "logical volume number in set")
#define VOL_LOGVOL2        CEOS_F(108, 4, 'I', "logical volume number in physical volume")
#define VOL_DATE           CEOS_F(112, 8, 'A', "volume creation date")
#define VOL_TIME           CEOS_F(120, 8, 'A', "volume creation time")
#define VOL_COUNTRY        CEOS_F(128, 12, 'A', "country")
#define VOL_AGENCY         CEOS_F(140, 8, 'A', "agency")
#define VOL_FACILITY       CEOS_F(148, 12, 'A', "facility")
#define VOL_NPOINTERS      CEOS_F(160, 4, 'I', "number of file pointer records")
#define VOL_NTEXT          CEOS_F(164, 4, 'I', "number of text records")
/* §3.2 file pointer record (360) */
#define VOLPTR_NUMBER      CEOS_F(16, 4, 'I', "pointer number")
#define VOLPTR_FILEID      CEOS_F(20, 16, 'A', "file ID")
#define VOLPTR_CLASS       CEOS_F(36, 28, 'A', "file class")
#define VOLPTR_CLASSCODE   CEOS_F(64, 4, 'A', "file class code")
#define VOLPTR_DATATYPE    CEOS_F(68, 28, 'A', "data type")
#define VOLPTR_TYPECODE    CEOS_F(96, 4, 'A', "data type code")
#define VOLPTR_NRECORDS    CEOS_F(100, 8, 'I', "number of records")
#define VOLPTR_FIRSTLEN    CEOS_F(108, 8, 'I', "first record length")
#define VOLPTR_MAXLEN      CEOS_F(116, 8, 'I', "maximum record length")
#define VOLPTR_LENTYPE     CEOS_F(124, 12, 'A', "record length type")
#define VOLPTR_LENCODE     CEOS_F(136, 4, 'A', "record length type code")
#define VOLPTR_FIRSTVOL    CEOS_F(140, 2, 'I', "first physical volume")
#define VOLPTR_LASTVOL     CEOS_F(142, 2, 'I', "last physical volume")
#define VOLPTR_FIRSTREC    CEOS_F(144, 8, 'I', "first record number")
#define VOLPTR_LASTREC     CEOS_F(152, 8, 'I', "last record number")
/* §3.2 text record (360) */
#define VOLTXT_PRODUCT     CEOS_F(16, 40, 'A', "product type")
#define VOLTXT_CREATION    CEOS_F(56, 60, 'A', "creation")
#define VOLTXT_TAPE        CEOS_F(116, 40, 'A', "physical volume ID text")
#define VOLTXT_SCENE       CEOS_F(156, 40, 'A', "scene")
#define VOLTXT_LOCATION    CEOS_F(196, 40, 'A', "location")

/* §3.3 leader file descriptor (720): (count, length) pairs */
#define LED_DESC_LEN       720
#define LED_N_DSSR         CEOS_F(180, 6, 'I', "number of DSSRs")
#define LED_L_DSSR         CEOS_F(186, 6, 'I', "DSSR length")
#define LED_N_MAPPROJ      CEOS_F(192, 6, 'I', "number of map projection records")
#define LED_L_MAPPROJ      CEOS_F(198, 6, 'I', "map projection record length")
#define LED_N_PLATPOS      CEOS_F(204, 6, 'I', "number of platform position records")
#define LED_L_PLATPOS      CEOS_F(210, 6, 'I', "platform position record length")
#define LED_N_ATTITUDE     CEOS_F(216, 6, 'I', "number of attitude records")
#define LED_L_ATTITUDE     CEOS_F(222, 6, 'I', "attitude record length")
#define LED_N_RADIO        CEOS_F(228, 6, 'I', "number of radiometric records")
#define LED_L_RADIO        CEOS_F(234, 6, 'I', "radiometric record length")
#define LED_N_RADCOMP      CEOS_F(240, 6, 'I', "number of radiometric compensation records")
#define LED_L_RADCOMP      CEOS_F(246, 6, 'I', "radiometric compensation record length")
#define LED_N_QUALITY      CEOS_F(252, 6, 'I', "number of data quality records")
#define LED_L_QUALITY      CEOS_F(258, 6, 'I', "data quality record length")
/* pairs continue every 12 bytes up to 348 (GCP); five facility pairs
 * (I6 count, I8 length) start at 420, every 14 bytes */
#define LED_PAIR_FIRST     180
#define LED_PAIR_LAST      348
#define LED_FAC_FIRST      420
#define LED_FAC_STEP       14
#define LED_FAC_COUNT      5

/* §3.4 data set summary record (DSSR, 4096) */
#define DSSR_SEQ           CEOS_F(12, 4, 'I', "DSSR sequence")
#define DSSR_CHANNEL       CEOS_F(16, 4, 'I', "SAR channel ID")
#define DSSR_SCENE_ID      CEOS_F(20, 32, 'A', "scene ID")
#define DSSR_SCENE_REF     CEOS_F(52, 16, 'A', "scene reference number")
#define DSSR_CENTER_TIME   CEOS_F(68, 32, 'A', "scene centre time")
#define DSSR_CENTER_LAT    CEOS_F(116, 16, 'F', "scene centre latitude")
#define DSSR_CENTER_LON    CEOS_F(132, 16, 'F', "scene centre longitude")
#define DSSR_HEADING       CEOS_F(148, 16, 'F', "scene centre heading")
#define DSSR_ELLIPSOID     CEOS_F(164, 16, 'A', "ellipsoid")
#define DSSR_SEMIMAJOR_KM  CEOS_F(180, 16, 'F', "semi-major axis")
#define DSSR_SEMIMINOR_KM  CEOS_F(196, 16, 'F', "semi-minor axis")
#define DSSR_TERRAIN_H     CEOS_F(308, 16, 'F', "average terrain height")
#define DSSR_CENTER_LINE   CEOS_F(324, 8, 'I', "scene centre line")
#define DSSR_CENTER_PIXEL  CEOS_F(332, 8, 'I', "scene centre pixel")
#define DSSR_NCHANNELS     CEOS_F(388, 4, 'I', "number of SAR channels")
#define DSSR_MISSION       CEOS_F(396, 16, 'A', "mission ID")
#define DSSR_SENSOR        CEOS_F(412, 32, 'A', "sensor ID and mode")
#define DSSR_ORBIT         CEOS_F(444, 8, 'I', "orbit number")
#define DSSR_NADIR_LAT     CEOS_F(452, 8, 'F', "nadir latitude")
#define DSSR_NADIR_LON     CEOS_F(460, 8, 'F', "nadir longitude")
#define DSSR_NADIR_HEADING CEOS_F(468, 8, 'F', "nadir heading")
#define DSSR_CLOCK_ANGLE   CEOS_F(476, 8, 'F', "clock angle")
#define DSSR_INCIDENCE     CEOS_F(484, 8, 'F', "incidence angle")
#define DSSR_WAVELENGTH    CEOS_F(500, 16, 'F', "radar wavelength")
#define DSSR_PULSE_CODE    CEOS_F(518, 16, 'A', "pulse code")
#define DSSR_CHIRP_LINEAR  CEOS_F(550, 16, 'F', "chirp linear term")
#define DSSR_RANGE_RATE    CEOS_F(710, 16, 'F', "range sampling rate")
#define DSSR_RANGE_GATE    CEOS_F(726, 16, 'F', "range gate delay")
#define DSSR_PULSE_LEN     CEOS_F(742, 16, 'F', "pulse length")
#define DSSR_PRF_MHZ       CEOS_F(934, 16, 'F', "PRF")
#define DSSR_FACILITY      CEOS_F(1046, 16, 'A', "processing facility")
#define DSSR_SYSTEM        CEOS_F(1062, 8, 'A', "processing system")
#define DSSR_SYSVERSION    CEOS_F(1070, 8, 'A', "processing version")
#define DSSR_LEVEL         CEOS_F(1094, 16, 'A', "product level code")
#define DSSR_PRODUCT_TYPE  CEOS_F(1110, 32, 'A', "product type")
#define DSSR_LOOKS_AZ      CEOS_F(1174, 16, 'F', "azimuth looks")
#define DSSR_LOOKS_RG      CEOS_F(1190, 16, 'F', "range looks")
#define DSSR_BW_AZ         CEOS_F(1238, 16, 'F', "azimuth bandwidth")
#define DSSR_BW_RG         CEOS_F(1254, 16, 'F', "range bandwidth")
#define DSSR_RES_RG        CEOS_F(1350, 16, 'F', "range resolution")
#define DSSR_RES_AZ        CEOS_F(1366, 16, 'F', "azimuth resolution")
#define DSSR_TIMEDIR_PIXEL CEOS_F(1526, 8, 'A', "time direction, pixel")
#define DSSR_TIMEDIR_LINE  CEOS_F(1534, 8, 'A', "time direction, line")
#define DSSR_LINE_CONTENT  CEOS_F(1670, 8, 'A', "line content")
#define DSSR_LINE_SPACING  CEOS_F(1686, 16, 'F', "line spacing")
#define DSSR_PIXEL_SPACING CEOS_F(1702, 16, 'F', "pixel spacing")
#define DSSR_OFF_NADIR     CEOS_F(1838, 16, 'F', "nominal off-nadir angle")
#define DSSR_BEAM          CEOS_F(1854, 4, 'I', "antenna beam number")

/* §3.5 map projection record (1620; L1.5/3.1 only) */
#define MPR_DESCRIPTOR     CEOS_F(28, 32, 'A', "map projection descriptor")
#define MPR_PIXELS         CEOS_F(60, 16, 'I', "pixels")
#define MPR_LINES          CEOS_F(76, 16, 'I', "lines")
#define MPR_PIXEL_SPACING  CEOS_F(92, 16, 'F', "pixel spacing")
#define MPR_LINE_SPACING   CEOS_F(108, 16, 'F', "line spacing")
#define MPR_ORIENTATION    CEOS_F(124, 16, 'F', "orientation")
#define MPR_ALTITUDE       CEOS_F(188, 16, 'F', "platform altitude")
#define MPR_GROUND_SPEED   CEOS_F(204, 16, 'F', "ground speed")
#define MPR_HEADING        CEOS_F(220, 16, 'F', "platform heading")
#define MPR_ELLIPSOID      CEOS_F(236, 32, 'A', "ellipsoid")
#define MPR_SEMIMAJOR      CEOS_F(268, 16, 'F', "semi-major axis")
#define MPR_SEMIMINOR      CEOS_F(284, 16, 'F', "semi-minor axis")
#define MPR_PROJECTION     CEOS_F(412, 32, 'A', "projection")
#define MPR_PROJ_NAME      CEOS_F(444, 32, 'A', "projection name")
#define MPR_UTM_ZONE       CEOS_F(476, 4, 'I', "UTM zone")
#define MPR_FALSE_EASTING  CEOS_F(480, 16, 'F', "false easting")
#define MPR_FALSE_NORTHING CEOS_F(496, 16, 'F', "false northing")
#define MPR_CENTER_LON     CEOS_F(512, 16, 'F', "projection centre longitude")
#define MPR_CENTER_LAT     CEOS_F(528, 16, 'F', "projection centre latitude")
#define MPR_SCALE          CEOS_F(576, 16, 'F', "scale factor")
/* (northing km, easting km) of TL, TR, BR, BL pixel centres: 8 × F16 */
#define MPR_GRID_CORNERS   944
/* corner lat/lon, 8 × F16: TL lat, TL lon, TR lat, TR lon, BR lat, BR lon,
 * BL lat, BL lon (first line first pixel, first line last pixel, last line
 * last pixel, last line first pixel) */
#define MPR_CORNERS        1072
#define MPR_CORNER_LEN     16
/* lon/lat from (line, pixel), 8 × E20, 1-based L and P */
#define MPR_GEO_COEF       1264
#define MPR_COEF_LEN       20

/* §3.6 platform position record (4680) */
#define PPR_DESIGNATOR     CEOS_F(12, 32, 'A', "orbital elements designator")
#define PPR_NPOINTS        CEOS_F(140, 4, 'I', "number of state vectors")
#define PPR_YEAR           CEOS_F(144, 4, 'I', "year of first point")
#define PPR_MONTH          CEOS_F(148, 4, 'I', "month of first point")
#define PPR_DAY            CEOS_F(152, 4, 'I', "day of first point")
#define PPR_DOY            CEOS_F(156, 4, 'I', "day of year of first point")
#define PPR_SECONDS        CEOS_F(160, 22, 'F', "seconds of day of first point")
#define PPR_INTERVAL       CEOS_F(182, 22, 'F', "state vector interval")
#define PPR_FRAME          CEOS_F(204, 64, 'A', "reference frame")
#define PPR_POINTS         386 /* 6 × F22 per point, 132 bytes */
#define PPR_POINT_LEN      132
#define PPR_VALUE_LEN      22

/* §3.7 radiometric record */
#define RAD_SEQ            CEOS_F(12, 4, 'I', "radiometric sequence")
#define RAD_NDATASETS      CEOS_F(16, 4, 'I', "number of radiometric datasets")
#define RAD_CF             CEOS_F(20, 16, 'F', "calibration factor")

/* §3.9 image file descriptor (720) */
#define IMG_DESC_LEN       720
#define IMG_NRECORDS       CEOS_F(180, 6, 'I', "number of SAR data records")
#define IMG_RECLEN         CEOS_F(186, 6, 'I', "SAR data record length")
#define IMG_BITS           CEOS_F(216, 4, 'I', "bits per sample")
#define IMG_SAMPLES        CEOS_F(220, 4, 'I', "samples per group")
#define IMG_BYTES_PER_PIX  CEOS_F(224, 4, 'I', "bytes per group")
#define IMG_CHANNELS       CEOS_F(232, 4, 'I', "number of channels")
#define IMG_LINES          CEOS_F(236, 8, 'I', "lines per channel")
#define IMG_LEFT_BORDER    CEOS_F(244, 4, 'I', "left border pixels")
#define IMG_PIXELS         CEOS_F(248, 8, 'I', "pixels per line")
#define IMG_RIGHT_BORDER   CEOS_F(256, 4, 'I', "right border pixels")
#define IMG_TOP_BORDER     CEOS_F(260, 4, 'I', "top border lines")
#define IMG_BOTTOM_BORDER  CEOS_F(264, 4, 'I', "bottom border lines")
#define IMG_INTERLEAVE     CEOS_F(268, 4, 'A', "interleave")
#define IMG_PREFIX_BYTES   CEOS_F(276, 4, 'I', "prefix bytes per record")
#define IMG_DATA_BYTES     CEOS_F(280, 8, 'I', "SAR data bytes per record")
#define IMG_SUFFIX_BYTES   CEOS_F(288, 4, 'I', "suffix bytes per record")
#define IMG_LOC_LINE       CEOS_F(296, 8, 'A', "line number locator")
#define IMG_LOC_CHANNEL    CEOS_F(304, 8, 'A', "channel locator")
#define IMG_LOC_TIME       CEOS_F(312, 8, 'A', "time locator")
#define IMG_LOC_LEFTFILL   CEOS_F(320, 8, 'A', "left fill locator")
#define IMG_LOC_RIGHTFILL  CEOS_F(328, 8, 'A', "right fill locator")
#define IMG_LOC_QUALITY    CEOS_F(368, 8, 'A', "quality locator")
#define IMG_DATA_FORMAT    CEOS_F(400, 28, 'A', "data format")
#define IMG_FORMAT_CODE    CEOS_F(428, 4, 'A', "format code")
#define IMG_MAX_VALUE      CEOS_F(440, 8, 'I', "maximum data value")
#define IMG_SCANSAR_BURSTS CEOS_F(448, 4, 'I', "ScanSAR bursts")
#define IMG_SCANSAR_LINES  CEOS_F(452, 4, 'I', "ScanSAR lines per burst")
#define IMG_SCANSAR_OVERLAP CEOS_F(456, 4, 'I', "ScanSAR burst overlap")

/* §3.9 L1.1 signal data record prefix (544), binary big-endian signed */
#define SIG_PREFIX_LEN     544
#define SIG_LINE           CEOS_F(12, 4, 'S', "image line number")
#define SIG_INDEX          CEOS_F(16, 4, 'S', "record index")
#define SIG_LEFT_FILL      CEOS_F(20, 4, 'S', "left fill pixels")
#define SIG_NPIXELS        CEOS_F(24, 4, 'S', "data pixel count")
#define SIG_RIGHT_FILL     CEOS_F(28, 4, 'S', "right fill pixels")
#define SIG_YEAR           CEOS_F(36, 4, 'S', "acquisition year")
#define SIG_DOY            CEOS_F(40, 4, 'S', "day of year")
#define SIG_MS             CEOS_F(44, 4, 'S', "ms of day")
#define SIG_CHANNEL        CEOS_F(48, 2, 'S', "SAR channel ID")
#define SIG_TX_POL         CEOS_F(52, 2, 'S', "transmit polarisation")
#define SIG_RX_POL         CEOS_F(54, 2, 'S', "receive polarisation")
#define SIG_PRF_MHZ        CEOS_F(56, 4, 'S', "PRF")
#define SIG_SCAN_ID        CEOS_F(60, 4, 'S', "scan ID")
#define SIG_US             CEOS_F(84, 8, 'S', "microseconds of day")
#define SIG_SLANT_RANGE    CEOS_F(116, 4, 'S', "slant range to first pixel")
#define SIG_LAT_FIRST      CEOS_F(192, 4, 'S', "latitude of first pixel")
#define SIG_LAT_CENTER     CEOS_F(196, 4, 'S', "latitude of centre pixel")
#define SIG_LAT_LAST       CEOS_F(200, 4, 'S', "latitude of last pixel")
#define SIG_LON_FIRST      CEOS_F(204, 4, 'S', "longitude of first pixel")
#define SIG_LON_CENTER     CEOS_F(208, 4, 'S', "longitude of centre pixel")
#define SIG_LON_LAST       CEOS_F(212, 4, 'S', "longitude of last pixel")
#define SIG_BURST          CEOS_F(216, 4, 'S', "burst number")
#define SIG_BURST_LINE     CEOS_F(220, 4, 'S', "line within burst")
#define SIG_FRAME          CEOS_F(284, 4, 'S', "frame number")

/* §3.9 L1.5 processed data record prefix (192) */
#define PROC_PREFIX_LEN    192
#define PROC_LAT_FIRST     CEOS_F(132, 4, 'S', "latitude of first pixel")
#define PROC_LAT_CENTER    CEOS_F(136, 4, 'S', "latitude of centre pixel")
#define PROC_LAT_LAST      CEOS_F(140, 4, 'S', "latitude of last pixel")
#define PROC_LON_FIRST     CEOS_F(144, 4, 'S', "longitude of first pixel")
#define PROC_LON_CENTER    CEOS_F(148, 4, 'S', "longitude of centre pixel")
#define PROC_LON_LAST      CEOS_F(152, 4, 'S', "longitude of last pixel")

/* §3.10 trailer */
#define TRL_NLOWRES        CEOS_F(490, 6, 'I', "number of low-resolution images")
#define TRL_LOWRES_LEN     CEOS_F(496, 8, 'I', "low-resolution image length")
#define TRL_LOWRES_PIXELS  CEOS_F(504, 6, 'I', "low-resolution image pixels")
#define TRL_LOWRES_LINES   CEOS_F(510, 6, 'I', "low-resolution image lines")
#define TRL_LOWRES_BPP     CEOS_F(516, 6, 'I', "low-resolution bytes per pixel")

/* ---- fields a2synth writes (H2), grouped here ---- */
/* §3.4 DSSR: Earth model constants and chirp coefficients */
#define DSSR_GM            CEOS_F(212, 16, 'F', "GM")
#define DSSR_GRAVITY       CEOS_F(228, 16, 'F', "gravity constant")
#define DSSR_J2            CEOS_F(244, 16, 'F', "J2")
#define DSSR_J3            CEOS_F(260, 16, 'F', "J3")
#define DSSR_J4            CEOS_F(276, 16, 'F', "J4")
#define DSSR_CHIRP_CONST   CEOS_F(534, 16, 'F', "chirp constant term")
/* §3.5 map projection record: inverse (line/pixel from lat/lon), 8 × E20 */
#define MPR_INV_COEF       1424
/* §3.6 platform position record */
#define PPR_ELEMENTS       44  /* 6 × F16 orbital elements */
#define PPR_ERRORS         290 /* 6 × F16 position / velocity errors */
#define PPR_LEAP_SECOND_AFTER 18 /* I1 at PPR_POINTS + N·PPR_POINT_LEN + 18 */
/* §3.7 attitude record: 120-byte points from 16 */
#define ATT_NPOINTS        CEOS_F(12, 4, 'I', "number of attitude points")
#define ATT_POINTS         16
#define ATT_POINT_LEN      120
#define ATT_DOY            CEOS_F(0, 4, 'I', "attitude day of year")      /* in a point */
#define ATT_MS             CEOS_F(4, 8, 'I', "attitude ms of day")        /* in a point */
#define ATT_ANGLES         24  /* pitch, roll, yaw: 3 × E14, in a point */
#define ATT_RATES          78  /* 3 × E14 after 3 × I4 flags, in a point */
/* §3.7 radiometric distortion matrices DT, DR: 16 × F16 from 36 */
#define RAD_MATRICES       36
/* §3.7 data quality summary */
#define DQ_SEQ             CEOS_F(12, 4, 'I', "data quality sequence")
#define DQ_NCHANNELS       CEOS_F(26, 4, 'I', "number of channels")
/* §3.8 facility related records: sequence number */
#define FAC_SEQ            CEOS_F(12, 4, 'I', "facility record sequence")
/* §3.9 image file descriptor extras seen in the real L1.5 bytes */
#define IMG_PHYS_RECS      CEOS_F(272, 2, 'I', "physical records per line")
#define IMG_PHYS_RECS_MULTI CEOS_F(274, 2, 'I', "physical records per multi-channel line")
#define IMG_MIN_VALUE1     CEOS_F(432, 4, 'I', "minimum data value")
#define IMG_MIN_VALUE2     CEOS_F(436, 4, 'I', "minimum data value 2")
/* §3.9 record prefix extras (shared by the 544- and 192-byte prefixes) */
#define SIG_UPDATE_FLAG    CEOS_F(32, 4, 'S', "sensor parameter update flag")
#define SIG_CHANNEL_CODE   CEOS_F(50, 2, 'S', "SAR channel code")
#define PROC_SLANT_FIRST   CEOS_F(64, 4, 'S', "slant range to first pixel")
#define PROC_SLANT_MID     CEOS_F(68, 4, 'S', "slant range to mid pixel")
#define PROC_SLANT_LAST    CEOS_F(72, 4, 'S', "slant range to last pixel")
#define PROC_GEO_FLAG      CEOS_F(128, 4, 'S', "geographic reference update flag")

#endif
