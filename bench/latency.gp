# SPDX-License-Identifier: BSD-2-Clause
# The latency distributions of bench/run.sh side by side: one panel per
# algorithm, the empirical CDF of each stack's signatures, the floor as a
# dashed line.  Run with -e "dir='BUILD/bench'" after a file that sets
# floor_p256, floor_p384, floor_rsa_pkcs, floor_rsa_pss.
if (!exists("dir")) dir = "build/bench"
set terminal pngcairo size 1500,900 font ",10"
set output dir."/latency.png"
set multiplot layout 2,3 title "uimkey benchmark: latency of one signature (CDF; dashed: the floor)"
set logscale x
set xlabel "latency, µs (log)"
set ylabel "fraction of signatures ≤ x"
set yrange [0:1]
set grid xtics mxtics ytics
set key bottom right
have(f) = system("test -s '".f."' && echo 1 || echo 0") eq "1"
cdf(s, a) = dir."/lat/".s."-".a.".cdf"

do for [a in "p256 p384 rsa-pkcs rsa-pss p256-always"] {
	if (a eq "p256") { set title "ECDSA P-256"; fl = exists("floor_p256") ? floor_p256 : 0 }
	if (a eq "p384") { set title "ECDSA P-384"; fl = exists("floor_p384") ? floor_p384 : 0 }
	if (a eq "rsa-pkcs") { set title "RSA-2048 PKCS#1 v1.5"; fl = exists("floor_rsa_pkcs") ? floor_rsa_pkcs : 0 }
	if (a eq "rsa-pss") { set title "RSA-2048 PSS"; fl = exists("floor_rsa_pss") ? floor_rsa_pss : 0 }
	if (a eq "p256-always") { set title "ECDSA P-256, PIN always (9C)"; fl = exists("floor_p256_always") ? floor_p256_always : 0 }
	unset arrow
	if (fl > 0) { set arrow from fl, graph 0 to fl, graph 1 nohead dt 2 lw 2 lc rgb "black" }
	cmd = ""
	f = cdf("uimkey", a)
	if (have(f)) { cmd = cmd.sprintf("'%s' using 1:2 with lines lw 2 lc rgb '#1f5fbf' title 'uimkey-pkcs11.so',", f) }
	f = cdf("opensc", a)
	if (have(f)) { cmd = cmd.sprintf("'%s' using 1:2 with lines lw 2 lc rgb '#c0392b' title 'OpenSC PIV',", f) }
	f = cdf("softhsm", a)
	if (have(f)) { cmd = cmd.sprintf("'%s' using 1:2 with lines lw 2 lc rgb '#27ae60' title 'SoftHSM2',", f) }
	if (strlen(cmd) > 0) { eval "plot ".cmd[1:strlen(cmd) - 1] }
}
# Sixth panel: cold starts, one new process each (ms).
set title "cold start: C_Initialize to the first verified signature" noenhanced
set xlabel "ms (log)"
unset arrow
cmd = ""
f = cdf("cold", "uimkey")
if (have(f)) { cmd = cmd.sprintf("'%s' using 1:2 with steps lw 2 lc rgb '#1f5fbf' title 'uimkey-pkcs11.so',", f) }
f = cdf("cold", "opensc")
if (have(f)) { cmd = cmd.sprintf("'%s' using 1:2 with steps lw 2 lc rgb '#c0392b' title 'OpenSC PIV',", f) }
f = cdf("cold", "softhsm")
if (have(f)) { cmd = cmd.sprintf("'%s' using 1:2 with steps lw 2 lc rgb '#27ae60' title 'SoftHSM2',", f) }
if (strlen(cmd) > 0) { eval "plot ".cmd[1:strlen(cmd) - 1] }
unset multiplot
