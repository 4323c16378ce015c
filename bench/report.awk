# SPDX-License-Identifier: BSD-2-Clause
# The benchmark's report: reads the "@KIND key=value ..." lines bench/run.sh
# collected and writes results.md (Markdown) to stdout, and the floor
# latencies for the plot to the file named by -v gp=FILE.
#   awk -f report.awk -v date=... -v gp=FILE raw.txt

function kv(   i, p) {
	delete F
	for (i = 2; i <= NF; i++) {
		p = index($i, "=")
		if (p > 0)
			F[substr($i, 1, p - 1)] = substr($i, p + 1)
	}
}

# The middle of a list of values kept as L[key, 1..n] (n in LN[key]).
function middle(key,   n, i, j, t, a) {
	n = LN[key]
	if (n == 0)
		return ""
	for (i = 1; i <= n; i++)
		a[i] = L[key, i] + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return a[int((n + 1) / 2)]
}
function lo(key,   i, m) {
	m = L[key, 1] + 0
	for (i = 2; i <= LN[key]; i++)
		if (L[key, i] + 0 < m) m = L[key, i] + 0
	return m
}
function hi(key,   i, m) {
	m = L[key, 1] + 0
	for (i = 2; i <= LN[key]; i++)
		if (L[key, i] + 0 > m) m = L[key, i] + 0
	return m
}
function add(key, v) {
	L[key, ++LN[key]] = v
}
function fmt(v, d) {
	if (v == "" || v == "-")
		return "–"
	return sprintf("%." d "f", v)
}
function ratio(a, b) {
	if (a == "" || b == "" || b + 0 == 0)
		return "–"
	return sprintf("%.2f", a / b)
}
function yesno(ok) {
	return ok ? "**met**" : "**missed**"
}
# Per-operation CPU time in microseconds of one watched process of cfg.
function cpuop(cfg, who) {
	if (!((cfg, who) in CPU) || SN[cfg] == 0)
		return ""
	return CPU[cfg, who] / 100 * 1e6 / SN[cfg]
}

/^@/ {
	kind = substr($1, 2)
	kv()
	if (kind == "env") {
		for (k in F) ENV[k] = F[k]
	} else if (kind == "footprint") {
		for (k in F) FP[k] = F[k]
	} else if (kind == "pub") {
		PUB[F["label"]] = F["hex"]
	} else if (kind == "apdus") {
		for (k in F) AP[F["label"], k] = F[k]
		HAVE_AP[F["label"]] = 1
	} else if (kind == "sign") {
		cfg = F["label"] "-" F["alg"] (F["always"] == 1 ? "-always" : "")
		SN[cfg] += F["n"]
		SW[cfg] += F["wall_s"]
		for (k in F)
			if (k ~ /^cpu_/ || k == "delay")
				CPU[cfg, k] += F[k] * F["wall_s"]
		if (F["verified"] != "yes")
			BAD[cfg] = F["verified"]
		if ("apdus_per_op" in F)
			APN[cfg] += F["apdus_per_op"] * F["n"]
		if (F["cpu_other"] + F["delay"] > NOISE)
			NOISE = F["cpu_other"] + F["delay"]
	} else if (kind == "pool") {
		PMED[F["cfg"]] = F["med"]
		P99[F["cfg"]] = F["p99"]
	} else if (kind == "rtt") {
		add("rtt_" (F["kind"] != "" ? F["kind"] : F["alg"]), F["med"])
		if (F["kind"] == "bare")
			add("rtt_bare_p99", F["p99"])
		if (F["kind"] == "sign") {
			add("rttops_sign", F["ops"])
			add("rttcard_sign", F["cpu_card"])
		}
	} else if (kind == "core" || kind == "bearssl") {
		add(kind "_" F["alg"], F["med"])
	} else if (kind == "corestore") {
		STORE[F["alg"]] = F["writes"] " writes, " F["syncs"] " syncs"
	} else if (kind == "libsign") {
		add("lib_" F["alg"], F["med"])
		add("libops_" F["alg"], F["ops"])
	} else if (kind == "cold") {
		for (k in F)
			if (k ~ /_ms$/)
				add("cold_" F["label"] "_" k, F[k])
		if (F["verified"] != "yes")
			BAD["cold-" F["label"]] = F["verified"]
	} else if (kind == "scale") {
		k = F["label"] SUBSEP F["procs"] SUBSEP F["cards"]
		SCN[k] += F["n"]
		SCW[k] += F["n"] / F["ops"]
		if (!(k in SCMIN) || F["proc_min_ops"] + 0 < SCMIN[k])
			SCMIN[k] = F["proc_min_ops"] + 0
		if (F["proc_max_ops"] + 0 > SCMAX[k])
			SCMAX[k] = F["proc_max_ops"] + 0
		# The slowest process against the fastest, per round.
		if (F["proc_max_ops"] + 0 > 0)
			add("fair_" F["label"] "_" F["procs"] "_" F["cards"],
			    F["proc_min_ops"] / F["proc_max_ops"])
	} else if (kind == "cards") {
		th = ("threads" in F) ? F["threads"] : F["cards"]
		k = F["cards"] SUBSEP th
		CN[k] += F["n"]
		CW[k] += F["n"] / F["ops"]
		for (c = 0; c < F["cards"]; c++)
			CPER[k, c] += F["n"] / F["cards"] / F["card" c "_ops"]
		if (!(k in CTMIN) || F["thread_min_ops"] + 0 < CTMIN[k])
			CTMIN[k] = F["thread_min_ops"] + 0
		if (F["thread_max_ops"] + 0 > CTMAX[k])
			CTMAX[k] = F["thread_max_ops"] + 0
	} else if (kind == "instr") {
		INSTR_CORE[F["alg"]] = F["core"]
		INSTR_BEAR[F["alg"]] = F["bearssl"]
	} else if (kind == "kdf") {
		KDF[F["impl"]] = F["med_ms"] + 0
		KDFMIN[F["impl"]] = F["min_ms"] + 0
		KDF_ITER = F["iter"]
	} else if (kind == "libverify") {
		add("libverify", F["med"])
		add("libverify_p99", F["p99"])
	} else if (kind == "storesync") {
		SS[F["what"]] = F["med"] + 0
		SSP99[F["what"]] = F["p99"] + 0
		SSN[F["what"]] = F["syncs"]
	} else if (kind == "keygen") {
		KG[F["alg"]] = F["med_ms"]
		KGMIN[F["alg"]] = F["min_ms"]
		KGMAX[F["alg"]] = F["max_ms"]
		KGN[F["alg"]] = F["n"]
	}
}

END {
	rtt = middle("rtt_bare")
	split("p256 p384 rsa-pkcs rsa-pss p256-always", ALGS, " ")
	NAME["p256"] = "ECDSA P-256"
	NAME["p384"] = "ECDSA P-384"
	NAME["rsa-pkcs"] = "RSA-2048 PKCS#1"
	NAME["rsa-pss"] = "RSA-2048 PSS"
	NAME["p256-always"] = "ECDSA P-256, PIN always (9C)"
	CORE["p256"] = "p256"; CORE["p384"] = "p384"
	CORE["rsa-pkcs"] = "rsa2048"; CORE["rsa-pss"] = "rsa2048"
	for (a in CORE) {
		c = middle("core_" CORE[a])
		if (c != "" && rtt != "")
			FLOOR[a] = c + rtt
	}
	# PIN always: VERIFY and the signature, two bare round trips.
	if (("p256" in FLOOR) && LN["core_verify"] > 0)
		FLOOR["p256-always"] = FLOOR["p256"] + middle("core_verify") + rtt
	for (a in FLOOR) {
		gv = a
		gsub(/-/, "_", gv)
		if (gp != "")
			printf "floor_%s=%.1f\n", gv, FLOOR[a] > gp
	}
	for (cfg in SN)
		OPS[cfg] = SN[cfg] / SW[cfg]

	print "# uimkey benchmark"
	print ""
	printf "%s, %s CPUs (load at start %s), Linux %s; %s interleaved rounds per " \
	    "configuration, samples pooled; %s s in all.", date, ENV["cpus"],
	    ENV["load"], host, ENV["rounds"], ENV["seconds"]
	printf " uimkey module: `%s`.", ENV["module"]
	if (ENV["boost"] != "")
		printf " The benchmark's processes ran with autogroup nice %s.", ENV["boost"]
	print ""
	print ""
	print "Latencies are per signature (C_SignInit + C_Sign, hash made beforehand); " \
	    "sig/s is the count over the wall time of the loop (one process, one at a time). " \
	    "CPU columns are the processes' own time per signature (µs; exact, from " \
	    "schedstat): client, card (uimkey-card), pcscd. *noise* is, in % of the wall " \
	    "time, the CPU other programs on the machine took plus the time ours were " \
	    "runnable but waiting: high values mean the run was disturbed."
	print ""

	print "## Signatures: throughput and latency"
	print ""
	print "| algorithm | stack | median µs | p99 µs | sig/s | ÷ OpenSC | ÷ floor | APDUs | CPU µs client / card / pcscd | noise % | verified |"
	print "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|"
	for (i = 1; i in ALGS; i++) {
		a = ALGS[i]
		split("uimkey opensc softhsm floor", WHO, " ")
		for (j = 1; j in WHO; j++) {
			w = WHO[j]
			cfg = w "-" a
			if (w == "floor") {
				if (!(a in FLOOR))
					continue
				printf "| %s | floor: card core in process + %s | %.1f | – | %.0f | – | 1.00 | %d | – | – | – |\n",
				    NAME[a], (a == "p256-always") ? "VERIFY + two bare APDUs" : "one bare APDU",
				    FLOOR[a], 1e6 / FLOOR[a], (a == "p256-always") ? 2 : 1
				continue
			}
			if (!(cfg in SN))
				continue
			fl = (a in FLOOR) ? 1e6 / FLOOR[a] : ""
			oc = "opensc-" a
			printf "| %s | %s | %s | %s | %.0f | %s | %s | %s | %s / %s / %s | %s | %s |\n",
			    NAME[a], w == "uimkey" ? "uimkey-pkcs11.so" : w == "opensc" ? "OpenSC PIV" : "SoftHSM2",
			    PMED[cfg], P99[cfg], OPS[cfg],
			    (oc in OPS) ? ratio(OPS[cfg], OPS[oc]) : "–",
			    (w != "softhsm" && fl != "") ? ratio(OPS[cfg], fl) : "–",
			    (cfg in APN) ? sprintf("%.2f", APN[cfg] / SN[cfg]) : "–",
			    fmt(cpuop(cfg, "cpu_self"), 0), fmt(cpuop(cfg, "cpu_card"), 0),
			    fmt(cpuop(cfg, "cpu_pcscd"), 0),
			    fmt((CPU[cfg, "cpu_other"] + CPU[cfg, "delay"]) / SW[cfg], 0),
			    (cfg in BAD) ? BAD[cfg] : "yes"
		}
	}
	print ""

	print "## Where an ECDSA P-256 signature's time goes"
	print ""
	b = middle("bearssl_p256"); c = middle("core_p256")
	te = middle("rtt_txn_each"); th = middle("rtt_txn_held")
	print "| step | median µs |"
	print "|---|--:|"
	printf "| BearSSL ECDSA P-256 sign alone, in process | %s |\n", fmt(b, 1)
	printf "| the card core's GENERAL AUTHENTICATE in process (same store, same key) | %s |\n", fmt(c, 1)
	if ("p256" in INSTR_CORE)
		printf "| … of which the card core's own work (APDU, key record load and decryption, PIN policy), from exact instruction counts (callgrind: %d vs %d per signature, %.2f %%) | %.1f |\n",
		    INSTR_CORE["p256"], INSTR_BEAR["p256"],
		    100 * (INSTR_CORE["p256"] - INSTR_BEAR["p256"]) / INSTR_CORE["p256"],
		    c * (INSTR_CORE["p256"] - INSTR_BEAR["p256"]) / INSTR_CORE["p256"]
	else
		printf "| … of which the card core's own work (APDU, key record load and decryption, PIN policy) | %s |\n", fmt(c - b, 1)
	printf "| one bare APDU round trip (GET VERSION: SCardTransmit → pcscd → vpcd → uimkey-card) | %s |\n", fmt(rtt, 1)
	printf "| **floor** = core + bare round trip | **%s** |\n", fmt(FLOOR["p256"], 1)
	printf "| the round trip inside SCardBeginTransaction … EndTransaction | %s (+%s) |\n", fmt(te, 1), fmt(te - rtt, 1)
	printf "| the round trip inside one transaction held across calls | %s |\n", fmt(th, 1)
	printf "| the same signing APDU sent bare (SCardTransmit on the basic channel after one VERIFY: no libuimkey, no module) | %s |\n", fmt(middle("rtt_sign"), 1)
	if (LN["rttcard_sign"] > 0)
		printf "| … uimkey-card's CPU per signature there, against the core's time in process | %s (+%s) |\n",
		    fmt(middle("rttcard_sign") / 100 * 1e6 / middle("rttops_sign"), 0),
		    fmt(middle("rttcard_sign") / 100 * 1e6 / middle("rttops_sign") - c, 0)
	printf "| uimkey_piv_sign() through libuimkey (its own channel, no transaction) | %s |\n", fmt(middle("lib_p256"), 1)
	printf "| C_Sign through uimkey-pkcs11.so | %s |\n", PMED["uimkey-p256"]
	printf "| … CPU per signature: client %s, pcscd %s, uimkey-card %s; runnable but waiting %s |\n",
	    fmt(cpuop("uimkey-p256", "cpu_self"), 0), fmt(cpuop("uimkey-p256", "cpu_pcscd"), 0),
	    fmt(cpuop("uimkey-p256", "cpu_card"), 0), fmt(cpuop("uimkey-p256", "delay"), 0)
	printf "| the card core's store writes per signature (in RAM) | %s |\n",
	    ("p256" in STORE) ? STORE["p256"] : "–"
	if ("verify" in STORE)
		printf "| … per VERIFY (PIN-always keys need one per signature): the card core's own time, and its store writes | %s µs; %s |\n",
		    fmt(middle("core_verify"), 1), STORE["verify"]
	print ""
	line = ""
	split("p256 p384 rsa2048", IA, " ")
	for (i = 1; i in IA; i++)
		if (IA[i] in INSTR_CORE)
			line = line sprintf("%s%s %d instructions, %.2f %% of them the card core's own", line == "" ? "" : "; ",
			    IA[i], INSTR_CORE[IA[i]], 100 * (INSTR_CORE[IA[i]] - INSTR_BEAR[IA[i]]) / INSTR_CORE[IA[i]])
	if (line != "")
		print "One signature in the card core (callgrind, exact): " line " (the rest is BearSSL)."
	print ""

	print "## Cold start: a new process, C_Initialize to the first verified signature (ECDSA P-256)"
	print ""
	print "| stack | median ms | min | max | dlopen | C_Initialize | slot + C_OpenSession | C_Login | find key | C_Sign | verify |"
	print "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
	split("uimkey opensc softhsm", WHO, " ")
	for (j = 1; j in WHO; j++) {
		w = WHO[j]
		k = "cold_" w "_first_ms"
		if (LN[k] == 0)
			continue
		COLD[w] = middle(k)
		printf "| %s | %.1f | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s |\n",
		    w, COLD[w], lo(k), hi(k), fmt(middle("cold_" w "_dlopen_ms"), 1),
		    fmt(middle("cold_" w "_init_ms"), 1), fmt(middle("cold_" w "_slot_session_ms"), 1),
		    fmt(middle("cold_" w "_login_ms"), 1), fmt(middle("cold_" w "_find_ms"), 1),
		    fmt(middle("cold_" w "_sign_ms"), 1), fmt(middle("cold_" w "_verify_ms"), 1)
	}
	if (("uimkey" in COLD) && ("opensc" in COLD))
		printf "\nuimkey ÷ OpenSC cold start: **%s** (dlopen not included; with it %s).\n",
		    ratio(COLD["uimkey"], COLD["opensc"]),
		    ratio(COLD["uimkey"] + middle("cold_uimkey_dlopen_ms"), COLD["opensc"] + middle("cold_opensc_dlopen_ms"))
	print ""

	print "## APDUs per operation (card 0's own count)"
	print ""
	print "| operation | uimkey | OpenSC | uimkey ÷ OpenSC |"
	print "|---|--:|--:|--:|"
	split("init_slotlist token_info open login find_all open_warm find_all_warm sign_a sign_c sign_r sign_a_again close_finalize total", OPS_A, " ")
	ON["init_slotlist"] = "C_Initialize + C_GetSlotList (+ C_GetSlotInfo)"
	ON["token_info"] = "C_GetTokenInfo"
	ON["open"] = "C_OpenSession (first)"
	ON["login"] = "C_Login (user)"
	ON["find_all"] = "C_FindObjects of all objects, first time"
	ON["open_warm"] = "C_OpenSession, warm token"
	ON["find_all_warm"] = "C_FindObjects of all objects, warm token"
	ON["sign_a"] = "C_Sign, 9A (ECDSA P-256, PIN once)"
	ON["sign_c"] = "C_Sign, 9C (ECDSA P-256, PIN always, with its context login)"
	ON["sign_r"] = "C_Sign, 9E (RSA-2048 PKCS#1)"
	ON["sign_a_again"] = "C_Sign, 9A again"
	ON["close_finalize"] = "C_CloseSession ×2 + C_Finalize"
	ON["total"] = "all of the above"
	for (i = 1; i in OPS_A; i++) {
		o = OPS_A[i]
		printf "| %s | %s | %s | %s |\n", ON[o], AP["uimkey", o], AP["opensc", o],
		    (AP["opensc", o] + 0 > 0) ? ratio(AP["uimkey", o], AP["opensc", o]) : "–"
	}
	printf "\nObjects found: uimkey %s, OpenSC %s. Same key through both modules: %s.\n",
	    AP["uimkey", "objects"], AP["opensc", "objects"],
	    ("opensc" in PUB) ? (PUB["uimkey"] == PUB["opensc"] ? "yes (9A public keys equal)" : "**NO**") : "–"
	print ""

	print "## Scale (ECDSA P-256, 9A)"
	print ""
	print "| configuration | sig/s in all | ÷ 1 process | per process, thread or card, min – max sig/s | median / p99 µs |"
	print "|---|--:|--:|--:|--:|"
	split("1 2 4 8", PR, " ")
	split("uimkey opensc", WHO, " ")
	for (j = 1; j in WHO; j++) {
		one = WHO[j] SUBSEP 1 SUBSEP 1
		for (i = 1; i in PR; i++) {
			p = PR[i]
			k = WHO[j] SUBSEP p SUBSEP 1
			if (!(k in SCN))
				continue
			SC[WHO[j], p] = SCN[k] / SCW[k]
			lc = WHO[j] "-p256-scale" p
			printf "| %s, %d process%s on one card | %.0f | %s | %.0f – %.0f | %s |\n",
			    (WHO[j] == "uimkey") ? "uimkey-pkcs11.so" : "OpenSC", p, (p > 1) ? "es" : "",
			    SC[WHO[j], p], (one in SCN) ? ratio(SC[WHO[j], p], SCN[one] / SCW[one]) : "–",
			    SCMIN[k], SCMAX[k], (lc in P99) ? PMED[lc] " / " P99[lc] : "–"
		}
	}
	base = ("uimkey" SUBSEP 1 SUBSEP 1 in SCN) ? SCN["uimkey", 1, 1] / SCW["uimkey", 1, 1] : ""
	k = "uimkey" SUBSEP 2 SUBSEP 2
	if (k in SCN)
		printf "| uimkey-pkcs11.so, 2 processes, one per card (2 cards) | %.0f | %s | %.0f – %.0f | – |\n",
		    SCN[k] / SCW[k], ratio(SCN[k] / SCW[k], base), SCMIN[k], SCMAX[k]
	split("1 1,2 2,1 8,2 8", CT, ",")
	for (i = 1; i in CT; i++) {
		split(CT[i], ct, " ")
		k = ct[1] SUBSEP ct[2]
		if (!(k in CN))
			continue
		per = ""
		for (c = 0; c < ct[1]; c++)
			per = per (c > 0 ? ", " : "") sprintf("%.0f", CN[k] / ct[1] / CPER[k, c])
		CARDS[ct[1], ct[2]] = CN[k] / CW[k]
		printf "| uimkey-pkcs11.so, one process, %d card%s, %s | %.0f | %s | %s%s | – |\n",
		    ct[1], (ct[1] > 1) ? "s" : "",
		    (ct[2] > ct[1]) ? ct[2] " threads" : (ct[1] > 1) ? "a thread per card" : "one thread",
		    CN[k] / CW[k], ratio(CN[k] / CW[k], base),
		    (ct[1] > 1) ? "cards " per : "card " per,
		    (ct[2] > ct[1]) ? sprintf("; threads %.0f – %.0f", CTMIN[k], CTMAX[k]) : ""
	}
	print ""

	print "## Key generation on the card (through libuimkey)"
	print ""
	print "| algorithm | median ms | min | max | n |"
	print "|---|--:|--:|--:|--:|"
	split("p256 p384 rsa2048 rsa3072 rsa4096", KA, " ")
	for (i = 1; i in KA; i++)
		if (KA[i] in KG)
			printf "| %s | %s | %s | %s | %s |\n", KA[i], KG[KA[i]],
			    KGMIN[KA[i]], KGMAX[KA[i]], KGN[KA[i]]
	print ""

	print "## The PIN: VERIFY, and what a guess costs a copy of the store"
	print ""
	print "| | median | p99 / min |"
	print "|---|--:|--:|"
	printf "| VERIFY of the right PIN through the stack (libuimkey → pcscd → uimkey-card, its file store's syncs included), µs | %s | %s |\n",
	    fmt(middle("libverify"), 1), fmt(middle("libverify_p99"), 1)
	if ("verify" in SS)
		printf "| … the card core on a file store beside the cards, no PC/SC (%s syncs), µs | %s | %s |\n",
		    SSN["verify"], fmt(SS["verify"], 1), fmt(SSP99["verify"], 1)
	if ("sync" in SS)
		printf "| one store sync after a 32-byte write, µs | %s | %s |\n", fmt(SS["sync"], 1), fmt(SSP99["sync"], 1)
	for (w in KDF)
		printf "| one PIN guess: PBKDF2-HMAC-SHA-256 at %s iterations (%s), ms | %s | %s |\n",
		    KDF_ITER, w == "uimkey" ? "the card's own code" : "OpenSSL, through Python's hashlib", fmt(KDF[w], 1), fmt(KDFMIN[w], 1)
	if (("uimkey" in KDF) && ("openssl" in KDF)) {
		f = KDFMIN["uimkey"] < KDFMIN["openssl"] ? KDFMIN["uimkey"] : KDFMIN["openssl"]
		printf "\nThe card's PBKDF2 takes %s× OpenSSL's time. At the faster one's best time (%.1f ms), one CPU core " \
		    "tries %.1f PINs a second: all 10^6 six-digit PINs in %.1f hours, all 10^8 eight-digit ones in %.0f days " \
		    "(a GPU runs many times more). Keys of PIN policy never and the management key do not depend on the PIN: " \
		    "whoever holds the store and its device key has them.\n", ratio(KDF["uimkey"], KDF["openssl"]),
		    f, 1000 / f, 1e6 * f / 1000 / 3600, 1e8 * f / 1000 / 86400
	}
	print ""

	print "## The card core's footprint"
	print ""
	print "| | bytes |"
	print "|---|--:|"
	printf "| code + data of card/ (x86-64 -O2, text+data+bss), without BearSSL | %s |\n", FP["text_nobearssl"]
	printf "| … text only | %s |\n", FP["textonly_nobearssl"]
	printf "| card core with the BearSSL code it uses, statically linked (text+data+bss) | %s |\n", FP["text_bearssl"]
	printf "| … text only | %s |\n", FP["textonly_bearssl"]
	printf "| sizeof(uimkey_card), the card's RAM state | %s |\n", FP["sizeof"]
	printf "| deepest stack (factory format, RSA-4096 keygen, P-384 sign, attest) | %s |\n", FP["stack"]
	print ""

	print "## Targets (read off, not asserted)"
	print ""
	print "| target | measured | |"
	print "|---|---|---|"
	if ("p256" in FLOOR) {
		v = OPS["uimkey-p256"] * FLOOR["p256"] / 1e6
		printf "| ECDSA P-256 C_Sign throughput ≥ 90 %% of the floor | %.0f %% (%.0f of %.0f sig/s) | %s |\n",
		    100 * v, OPS["uimkey-p256"], 1e6 / FLOOR["p256"], yesno(v >= 0.9)
	}
	if (("uimkey-p256" in PMED) && ("uimkey-clear-p256" in PMED)) {
		v = PMED["uimkey-p256"] / PMED["uimkey-clear-p256"]
		printf "| C_Sign median with secure messaging ≤ 1.1× the median in the clear (ECDSA P-256) | %.2f× (%s µs vs %s µs) | %s |\n",
		    v, PMED["uimkey-p256"], PMED["uimkey-clear-p256"], yesno(v <= 1.1)
	}
	if (LN["rttops_sign"] > 0 && ("uimkey-p256" in OPS))
		printf "| … C_Sign ÷ the same signing APDU sent bare (all that host software can reach with this card process; reported) | %.0f %% (%.0f of %.0f sig/s) | – |\n",
		    100 * OPS["uimkey-p256"] / middle("rttops_sign"), OPS["uimkey-p256"], middle("rttops_sign")
	if ("opensc-p256" in OPS) {
		v = OPS["uimkey-p256"] / OPS["opensc-p256"]
		printf "| ≥ 1.5× OpenSC's throughput (P-256) | %.2f× | %s |\n", v, yesno(v >= 1.5)
		for (i = 2; i in ALGS; i++)
			if (("uimkey-" ALGS[i]) in OPS && ("opensc-" ALGS[i]) in OPS)
				printf "| … %s | %.2f× | %s |\n", NAME[ALGS[i]],
				    OPS["uimkey-" ALGS[i]] / OPS["opensc-" ALGS[i]],
				    yesno(OPS["uimkey-" ALGS[i]] / OPS["opensc-" ALGS[i]] >= 1.5)
	}
	if (("p256-always" in FLOOR) && ("uimkey-p256-always" in OPS)) {
		v = OPS["uimkey-p256-always"] * FLOOR["p256-always"] / 1e6
		printf "| ECDSA P-256 with a PIN-always key (VERIFY + sign) ≥ 80 %% of its floor | %.0f %% (%.0f of %.0f sig/s) | %s |\n",
		    100 * v, OPS["uimkey-p256-always"], 1e6 / FLOOR["p256-always"], yesno(v >= 0.8)
	}
	if (LN["libverify"] > 0)
		printf "| VERIFY ≤ 2 ms median, through the stack | %.2f ms | %s |\n",
		    middle("libverify") / 1000, yesno(middle("libverify") <= 2000)
	if ("uimkey" in KDF)
		printf "| one PIN guess at the default cost ≥ 100 ms (the card's PBKDF2; OpenSSL's) | %s ms; %s ms | %s |\n",
		    fmt(KDF["uimkey"], 1), fmt(KDF["openssl"], 1), yesno(KDF["uimkey"] >= 100 && (!("openssl" in KDF) || KDF["openssl"] >= 100))
	if ("sizeof" in FP)
		printf "| card state ≤ 11,656 B and deepest stack ≤ 15,128 B (before the store was encrypted) | %s B; %s B | %s |\n",
		    FP["sizeof"], FP["stack"], yesno(FP["sizeof"] + 0 <= 11656 && FP["stack"] + 0 <= 15128)
	if (("uimkey" in COLD) && ("opensc" in COLD)) {
		v = COLD["uimkey"] / COLD["opensc"]
		printf "| ≤ ⅓ of OpenSC's cold start | %.2f (%.1f ms vs %.1f ms) | %s |\n",
		    v, COLD["uimkey"], COLD["opensc"], yesno(v <= 1 / 3)
	}
	if (HAVE_AP["uimkey"]) {
		printf "| 1 APDU per C_Sign (9A) | %s | %s |\n", AP["uimkey", "sign_a"], yesno(AP["uimkey", "sign_a"] == 1)
		printf "| 2 APDUs per C_Sign with a PIN-always key (9C) | %s | %s |\n", AP["uimkey", "sign_c"], yesno(AP["uimkey", "sign_c"] == 2)
		printf "| 0 APDUs for C_OpenSession and C_FindObjects, warm token | %s and %s | %s |\n",
		    AP["uimkey", "open_warm"], AP["uimkey", "find_all_warm"],
		    yesno(AP["uimkey", "open_warm"] == 0 && AP["uimkey", "find_all_warm"] == 0)
	}
	if ((("uimkey", 8) in SC) && (("uimkey", 1) in SC)) {
		v = SC["uimkey", 8] / SC["uimkey", 1]
		printf "| 8 processes ≥ 90 %% of one process's throughput | %.0f %% | %s |\n", 100 * v, yesno(v >= 0.9)
	}
	if (LN["fair_uimkey_8_1"] > 0) {
		v = middle("fair_uimkey_8_1")
		printf "| 8 processes: the slowest ≥ 0.5× the fastest (middle of the rounds) | %.2f× (%.0f – %.0f sig/s over all rounds) | %s |\n",
		    v, SCMIN["uimkey", 8, 1], SCMAX["uimkey", 8, 1], yesno(v >= 0.5)
	}
	if ("uimkey-p256-scale8" in P99)
		printf "| p99 latency with 8 processes (reported; 1 process: %s µs) | %s µs (median %s) | – |\n",
		    ("uimkey-p256-scale1" in P99) ? P99["uimkey-p256-scale1"] : "–",
		    P99["uimkey-p256-scale8"], PMED["uimkey-p256-scale8"]
	for (i = 3; i <= 4; i++) {
		a = ALGS[i]
		if ((a in FLOOR) && (("uimkey-" a) in OPS)) {
			v = OPS["uimkey-" a] * FLOOR[a] / 1e6
			printf "| %s C_Sign throughput ≥ 85 %% of its floor | %.0f %% (%.0f of %.0f sig/s) | %s |\n",
			    NAME[a], 100 * v, OPS["uimkey-" a], 1e6 / FLOOR[a], yesno(v >= 0.85)
		}
	}
	if (((2, 2) in CARDS) && ((1, 1) in CARDS)) {
		v = CARDS[2, 2] / CARDS[1, 1]
		printf "| two cards from one process (a thread each) ≥ 1.8× one card | %.2f× (%.0f vs %.0f sig/s) | %s |\n",
		    v, CARDS[2, 2], CARDS[1, 1], yesno(v >= 1.8)
	}
	if (((1, 8) in CARDS) && ((1, 1) in CARDS)) {
		v = CARDS[1, 8] / CARDS[1, 1]
		printf "| 8 threads of one process on one card ≥ 90 %% of one thread's throughput | %.0f %% | %s |\n",
		    100 * v, yesno(v >= 0.9)
	}
	print ""
	printf "Noise: the worst signature run had %.0f %% (of one CPU) taken by other programs or waited for a CPU", NOISE
	print (NOISE > 50 ? " — a disturbed run: compare the ratios, not the absolute numbers, and run again on a quiet machine." : ".")
	if (plot != "")
		printf "\nLatency distributions: `%s` (CDF per algorithm, floor marked).\n", plot
}
