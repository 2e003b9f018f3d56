/*
 * render.c - see render.h.  The library is looked for beside the running
 * executable (/proc/self/exe), or where LEVERA_REPORT_LIB says (for tests
 * and packagers); it is loaded once, by the first thread to need it, and
 * stays.  Its own undefined symbols (buffers, errors, allocation) are the
 * program's, which exports them (-rdynamic).
 */
#include "report/render.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LIBRARY "levera-report.so"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>

/*
 * Sanitizer builds only: fontconfig loses 288 bytes once per process while
 * it parses its configuration (FcInitLoadConfigAndFonts); LeakSanitizer
 * would fail every program that draws a chart.  Its stacks stop inside the
 * library (no frame pointers), so the library is named, not the function.
 * Each chart's own font map is created and freed by chart_draw.  These
 * hooks are read when the program starts, so they live here, in the
 * program, not in the library it loads later.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int (*chart_svg_fn)(const struct chart *, double, double, struct buf *, struct err *);
static int (*pack_render_fn)(const json_t *, enum pack_format, struct buf *, struct err *);
static char failure[300];

static void
load(void)
{
	char path[PATH_MAX];
	const char *given = getenv("LEVERA_REPORT_LIB");
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - sizeof(LIBRARY) - 1);

	if (given != NULL && given[0] != '\0') {
		snprintf(path, sizeof(path), "%s", given);
	} else if (n > 0) {
		path[n] = '\0';
		char *slash = strrchr(path, '/');
		snprintf(slash != NULL ? slash + 1 : path,
		         sizeof(path) - (size_t)(slash != NULL ? slash + 1 - path : 0), "%s", LIBRARY);
	} else {
		snprintf(path, sizeof(path), "%s", LIBRARY);
	}
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		snprintf(failure, sizeof(failure), "%s", dlerror());
		return;
	}
	*(void **)&chart_svg_fn = dlsym(h, "chart_svg");
	*(void **)&pack_render_fn = dlsym(h, "pack_render");
	if (chart_svg_fn == NULL || pack_render_fn == NULL) {
		snprintf(failure, sizeof(failure), "%.200s lacks chart_svg or pack_render", path);
		chart_svg_fn = NULL;
		pack_render_fn = NULL;
	}
}

static int
ready(struct err *e)
{
	pthread_once(&once, load);
	if (chart_svg_fn == NULL) {
		return err_set(e, ERR_INTERNAL, NULL, "the reporting library cannot be loaded: %s", failure);
	}
	return 0;
}

int
render_chart_svg(const struct chart *c, double w, double h, struct buf *out, struct err *e)
{
	return ready(e) != 0 ? -1 : chart_svg_fn(c, w, h, out, e);
}

int
render_pack(const json_t *pack, enum pack_format f, struct buf *out, struct err *e)
{
	return ready(e) != 0 ? -1 : pack_render_fn(pack, f, out, e);
}
