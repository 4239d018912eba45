set datafile commentschars '#'
set terminal pngcairo size 1500,650 font ',10'
set output 'bound.png'
set title 'Share of the W2A8 block cycles spent in memory stalls, L = 512 (above the line: memory-bound)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:105]
set ylabel 'memory stalls (% of cycles)'
set xtics rotate by -35
set key outside right top
set grid ytics
plot 'bound.dat' using 2:xtic(1) t 'edge prefill', 'bound.dat' using 3 t 'edge decode', 'bound.dat' using 4 t 'cloud prefill', 'bound.dat' using 5 t 'cloud decode', 10 w l lw 2 dt 2 lc rgb 'black' t 'memory-bound threshold (10 %)'
reset
set terminal pngcairo size 1100,750 font ',10'
set output 'roofline_edge.png'
set title "Roofline, edge array (1024 PEs, DRAM 17 GB/s = 34 B/cycle), L = 512, one block per point (projections, attention)"
set logscale xy
set xlabel 'MACs per DRAM byte read'
set ylabel 'MACs per cycle'
set format x '10^{%T}'
set format y '10^{%T}'
set xrange [0.1:100000]
set rmargin 6
set key top left box opaque font ',9'
set grid
roof8(x) = (x * 34 < 1024) ? x * 34 : 1024
roofq(x) = (x * 34 < 4096) ? x * 34 : 4096
col(c, p) = (c eq 'projection') ? ((p eq 'W8A8') ? 0x3060c0 : 0x80a0e0) : ((p eq 'W8A8') ? 0xe08020 : 0xf0c080)
plot roof8(x) w l lw 2 lc rgb '#404040' t 'roof W8A8 (1 MAC/PE/cycle)', roofq(x) w l lw 2 dt 2 lc rgb '#404040' t 'roof W2A8 (4 MACs/PE/cycle)', 'roofline.dat' index 0 using 5:(strcol(1) eq 'gpt2' && strcol(2) eq 'prefill' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 7 ps 2 lc rgb variable notitle, 'roofline.dat' index 0 using 5:(strcol(1) eq 'gpt2' && strcol(2) eq 'decode' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 6 ps 2 lc rgb variable notitle, 'roofline.dat' index 0 using 5:(strcol(1) eq 'opt-6.7b' && strcol(2) eq 'prefill' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 5 ps 2 lc rgb variable notitle, 'roofline.dat' index 0 using 5:(strcol(1) eq 'opt-6.7b' && strcol(2) eq 'decode' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 4 ps 2 lc rgb variable notitle, 'roofline.dat' index 0 using 5:(strcol(1) eq 'llama-7b' && strcol(2) eq 'prefill' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 9 ps 2 lc rgb variable notitle, 'roofline.dat' index 0 using 5:(strcol(1) eq 'llama-7b' && strcol(2) eq 'decode' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 8 ps 2 lc rgb variable notitle, NaN w p pt 5 ps 2 lc rgb '#3060c0' t 'W8A8 projections', NaN w p pt 5 ps 2 lc rgb '#80a0e0' t 'W2A8 projections', NaN w p pt 5 ps 2 lc rgb '#e08020' t 'W8A8 attention', NaN w p pt 5 ps 2 lc rgb '#f0c080' t 'W2A8 attention', NaN w p pt 7 ps 2 lc rgb 'black' t 'gpt2 (filled: prefill, open: decode)', NaN w p pt 5 ps 2 lc rgb 'black' t 'opt-6.7b', NaN w p pt 9 ps 2 lc rgb 'black' t 'llama-7b'
reset
set terminal pngcairo size 1100,750 font ',10'
set output 'roofline_cloud.png'
set title "Roofline, cloud array (65536 PEs, DRAM 902.4 GB/s = 960 B/cycle), L = 512, one block per point (projections, attention)"
set logscale xy
set xlabel 'MACs per DRAM byte read'
set ylabel 'MACs per cycle'
set format x '10^{%T}'
set format y '10^{%T}'
set xrange [0.1:100000]
set rmargin 6
set key top left box opaque font ',9'
set grid
roof8(x) = (x * 960 < 65536) ? x * 960 : 65536
roofq(x) = (x * 960 < 262144) ? x * 960 : 262144
col(c, p) = (c eq 'projection') ? ((p eq 'W8A8') ? 0x3060c0 : 0x80a0e0) : ((p eq 'W8A8') ? 0xe08020 : 0xf0c080)
plot roof8(x) w l lw 2 lc rgb '#404040' t 'roof W8A8 (1 MAC/PE/cycle)', roofq(x) w l lw 2 dt 2 lc rgb '#404040' t 'roof W2A8 (4 MACs/PE/cycle)', 'roofline.dat' index 1 using 5:(strcol(1) eq 'gpt2' && strcol(2) eq 'prefill' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 7 ps 2 lc rgb variable notitle, 'roofline.dat' index 1 using 5:(strcol(1) eq 'gpt2' && strcol(2) eq 'decode' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 6 ps 2 lc rgb variable notitle, 'roofline.dat' index 1 using 5:(strcol(1) eq 'opt-6.7b' && strcol(2) eq 'prefill' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 5 ps 2 lc rgb variable notitle, 'roofline.dat' index 1 using 5:(strcol(1) eq 'opt-6.7b' && strcol(2) eq 'decode' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 4 ps 2 lc rgb variable notitle, 'roofline.dat' index 1 using 5:(strcol(1) eq 'llama-7b' && strcol(2) eq 'prefill' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 9 ps 2 lc rgb variable notitle, 'roofline.dat' index 1 using 5:(strcol(1) eq 'llama-7b' && strcol(2) eq 'decode' ? $6 : 1/0):(col(strcol(3), strcol(4))) w p pt 8 ps 2 lc rgb variable notitle, NaN w p pt 5 ps 2 lc rgb '#3060c0' t 'W8A8 projections', NaN w p pt 5 ps 2 lc rgb '#80a0e0' t 'W2A8 projections', NaN w p pt 5 ps 2 lc rgb '#e08020' t 'W8A8 attention', NaN w p pt 5 ps 2 lc rgb '#f0c080' t 'W2A8 attention', NaN w p pt 7 ps 2 lc rgb 'black' t 'gpt2 (filled: prefill, open: decode)', NaN w p pt 5 ps 2 lc rgb 'black' t 'opt-6.7b', NaN w p pt 9 ps 2 lc rgb 'black' t 'llama-7b'
reset
