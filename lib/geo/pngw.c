/*
 * pngw.c: PNG encoding to memory with libpng, tile files by rename, and a
 * structural check of PNG files (see pngw.h).
 */
#include "geo/pngw.h"

#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <zlib.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/a2.h"

static void
mem_write(png_structp png, png_bytep data, png_size_t n)
{
	struct pngw_buf *b = png_get_io_ptr(png);

	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		while (cap < b->len + n)
			cap *= 2;
		b->data = a2_realloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
}

static void
mem_flush(png_structp png)
{
	(void)png;
}

static void
on_error(png_structp png, png_const_charp msg)
{
	const char **err = png_get_error_ptr(png);

	if (err)
		*err = "libpng error";
	(void)msg;
	png_longjmp(png, 1);
}

static void
on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* rgb: PNGW_PALETTE's colours (256 triples), NULL for grey */
static int
encode(struct pngw_buf *out, const unsigned char *px, int w, int h, size_t stride,
    enum pngw_kind kind, const unsigned char *rgb, int level, const char **err)
{
	static const int ctype[] = {
		[PNGW_GREY] = PNG_COLOR_TYPE_GRAY,
		[PNGW_PALETTE] = PNG_COLOR_TYPE_PALETTE,
		[PNGW_GREY_ALPHA] = PNG_COLOR_TYPE_GRAY_ALPHA,
		[PNGW_RGB] = PNG_COLOR_TYPE_RGB,
		[PNGW_RGB_TRNS] = PNG_COLOR_TYPE_RGB,
	};
	png_structp png;
	png_infop info;
	png_color pal[256];
	png_byte trns[1] = { 0 };
	png_color_16 black = { 0 };
	const char *e = NULL;
	volatile int ok = 0;

	out->len = 0;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &e, on_error, on_warning);
	if (!png) {
		*err = "libpng: out of memory";
		return -1;
	}
	info = png_create_info_struct(png);
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		*err = "libpng: out of memory";
		return -1;
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_set_write_fn(png, out, mem_write, mem_flush);
		png_set_IHDR(png, info, w, h, 8, ctype[kind], PNG_INTERLACE_NONE,
		    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		if (kind == PNGW_PALETTE) {
			for (int i = 0; i < 256; i++) {
				pal[i].red = rgb ? rgb[3 * i] : i;
				pal[i].green = rgb ? rgb[3 * i + 1] : i;
				pal[i].blue = rgb ? rgb[3 * i + 2] : i;
			}
			png_set_PLTE(png, info, pal, 256);
			png_set_tRNS(png, info, trns, 1, NULL);
		} else if (kind == PNGW_RGB_TRNS) {
			png_set_tRNS(png, info, NULL, 0, &black);
		}
		/* Speckle hardly compresses. On a2synth's bench scene a full
		 * tile is 66.8 kB stored (level 0, 77 us), 57.6 kB with run
		 * lengths and Huffman codes (level 1, Z_RLE, 10x the time) and
		 * no smaller with zlib's full search or PNG's filters (level
		 * 6, 11x); smooth images (mosaics, browse) gain from both. */
		png_set_compression_level(png, level);
		if (level <= 1) {
			png_set_compression_strategy(png, Z_RLE);
			png_set_filter(png, 0, PNG_FILTER_NONE);
		} else {
			png_set_filter(png, 0, PNG_ALL_FILTERS);
		}
		png_write_info(png, info);
		for (int y = 0; y < h; y++)
			png_write_row(png, (png_const_bytep)(px + (size_t)y * stride));
		png_write_end(png, NULL);
		ok = 1;
	}
	png_destroy_write_struct(&png, &info);
	if (!ok) {
		*err = e ? e : "libpng error";
		return -1;
	}
	return 0;
}

int
pngw_encode(struct pngw_buf *out, const unsigned char *px, int w, int h, size_t stride,
    enum pngw_kind kind, int level, const char **err)
{
	return encode(out, px, w, h, stride, kind, NULL, level, err);
}

int
pngw_encode_palette(struct pngw_buf *out, const unsigned char *px, int w, int h, size_t stride,
    const unsigned char *rgb, int level, const char **err)
{
	return encode(out, px, w, h, stride, PNGW_PALETTE, rgb, level, err);
}

void
pngw_buf_free(struct pngw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int
pngw_write_file(const char *path, const void *buf, size_t len)
{
	char *tmp = a2_tmp_beside(path, "XXXXXX");
	const unsigned char *p = buf;
	int fd, e;

	if ((fd = mkstemp(tmp)) < 0) {
		e = errno;
		free(tmp);
		errno = e;
		return -1;
	}
	fchmod(fd, 0644);
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= n;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = e;
	return -1;
}

/* PNG's CRC (ISO 3309), here so as not to link zlib for one function */
static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void
crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t k = i;
		for (int j = 0; j < 8; j++)
			k = k & 1 ? 0xedb88320u ^ (k >> 1) : k >> 1;
		crc_table[i] = k;
	}
}

static uint32_t
crc(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	pthread_once(&crc_once, crc_init);
	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

int
pngw_check_file(const char *path)
{
	static const unsigned char sig[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
	unsigned char stackbuf[65536], *b = stackbuf;
	struct stat st;
	size_t off, n;
	int fd, ok = 0, first = 1;

	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 8 + 25 + 12 ||
	    st.st_size > (1 << 26)) {
		close(fd);
		return 0;
	}
	n = st.st_size;
	if (n > sizeof stackbuf)
		b = a2_malloc(n);
	if (pread(fd, b, n, 0) != (ssize_t)n || memcmp(b, sig, 8) != 0)
		goto done;
	for (off = 8; off + 12 <= n; first = 0) {
		unsigned long len = be32(b + off);
		if (len > n - off - 12)
			goto done;
		if (first && memcmp(b + off + 4, "IHDR", 4) != 0)
			goto done;
		if (crc(b + off + 4, len + 4) != be32(b + off + 8 + len))
			goto done;
		if (memcmp(b + off + 4, "IEND", 4) == 0) {
			ok = off + 12 + len == n;
			goto done;
		}
		off += 12 + len;
	}
done:
	if (b != stackbuf)
		free(b);
	close(fd);
	return ok;
}

int
pngw_read_index(const char *path, unsigned char *px, int w, int h)
{
	/* not png_image: the simplified API would expand the palette */
	FILE *fp = fopen(path, "rb");
	png_structp png;
	png_infop info;
	volatile int ok = 0;

	if (!fp)
		return -1;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, on_error, on_warning);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_read_struct(&png, NULL, NULL);
		fclose(fp);
		return -1;
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_init_io(png, fp);
		png_read_info(png, info);
		if ((int)png_get_image_width(png, info) == w && (int)png_get_image_height(png, info) == h &&
		    png_get_bit_depth(png, info) == 8 && png_get_channels(png, info) == 1 &&
		    png_get_interlace_type(png, info) == PNG_INTERLACE_NONE) {
			for (int y = 0; y < h; y++)
				png_read_row(png, px + (size_t)y * w, NULL);
			png_read_end(png, NULL);
			ok = 1;
		}
	}
	png_destroy_read_struct(&png, &info, NULL);
	fclose(fp);
	return ok ? 0 : -1;
}
