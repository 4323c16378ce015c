/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PKCS#11 test programs' start: the module named on the command line
 * (program path/to/uimkey-pkcs11.so) loaded through dlopen as an
 * application loads it, and initialized.  The includer defines
 * _POSIX_C_SOURCE first (alarm()).
 */
#ifndef UIMKEY_TEST_P11_LOAD_H
#define UIMKEY_TEST_P11_LOAD_H

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

/*
 * argv[1] loaded, its function list in *p11 and C_Initialize done: 0.
 * Otherwise the program's exit status, what failed said.  A hang is a
 * failure, not a stuck test run: the program ends after two minutes.
 */
static inline int
p11_load(int argc, char **argv, CK_FUNCTION_LIST_PTR *p11)
{
	CK_C_GetFunctionList get_list;
	void *lib, *sym;

	if (argc != 2) {
		fprintf(stderr, "usage: %s uimkey-pkcs11.so\n", argv[0]);
		return 2;
	}
	alarm(120);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL)) == NULL ||
	    (sym = dlsym(lib, "C_GetFunctionList")) == NULL) {
		printf("not ok - load %s\n", argv[1]);
		return 1;
	}
	memcpy(&get_list, &sym, sizeof(get_list));
	if (get_list(p11) != CKR_OK || (*p11)->C_Initialize(NULL) != CKR_OK) {
		printf("not ok - C_Initialize\n");
		return 1;
	}
	return 0;
}

#endif
