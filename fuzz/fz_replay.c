/*
 * A main for replaying inputs without libFuzzer (the coverage build):
 * every file named, and every file in every directory named, is run
 * once through LLVMFuzzerTestOneInput.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long runs;

static void
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL)
		return;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc(n > 0 ? (size_t)n : 1)) == NULL) {
		fclose(f);
		return;
	}
	if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
		LLVMFuzzerTestOneInput(buf, (size_t)n);
		runs++;
	}
	free(buf);
	fclose(f);
}

static void
run_path(const char *path)
{
	struct stat st;
	struct dirent **list;
	char sub[4096];
	int n, i;

	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	if ((n = scandir(path, &list, NULL, alphasort)) < 0)
		return;
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path, list[i]->d_name);
			run_path(sub);
		}
		free(list[i]);
	}
	free(list);
}

int
main(int argc, char **argv)
{
	int i;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		run_path(argv[i]);
	fprintf(stderr, "replayed %lu inputs\n", runs);
	return 0;
}
