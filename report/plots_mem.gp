set output 'bound.png'
set terminal pngcairo size 1400,600 font ',10'
set title 'DRAM busy / compute-only cycles of the W2A8 block, L = 512 (above 1: memory-bound)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set xtics rotate by -35
set key top left
set grid ytics
plot 'bound.dat' using 2:xtic(1) t 'edge prefill', '' using 3 t 'edge decode', '' using 4 t 'cloud prefill', '' using 5 t 'cloud decode', 1 w l lw 2 lc rgb 'black' t 'memory-bound above'
unset logscale y
set output 'roofline_edge.png'
set terminal pngcairo size 1000,700 font ',10'
set title 'Roofline, edge array (1024 PEs, DRAM 34 B/cycle), L = 512: gpt2 (circles), opt-6.7b (triangles), llama-7b (squares)'
set logscale xy
set xlabel 'MACs per DRAM byte'
set ylabel 'MACs per cycle'
set key bottom right
set grid
set xrange [0.1:100000]
roof8(x) = (x * 34 < 1024) ? x * 34 : 1024
roof2(x) = (x * 34 < 4096) ? x * 34 : 4096
pt(m) = (m eq 'gpt2') ? 7 : ((m eq 'opt-6.7b') ? 9 : 5)
col(c, p) = (c eq 'projection') ? ((p eq 'W8A8') ? 0x3060c0 : 0x80a0e0) : ((p eq 'W8A8') ? 0xe08020 : 0xf0c080)
plot roof8(x) w l lw 2 lc rgb '#404040' t 'roof W8A8 (1 MAC/PE/cycle)', roof2(x) w l lw 2 dt 2 lc rgb '#404040' t 'roof W2A8 (4 MACs/PE/cycle)', 'roofline.dat' index 0 using 5:(strcol(2) eq 'prefill' ? $6 : 1/0):(pt(strcol(1))):(col(strcol(3), strcol(4))) w p pt variable ps 2 lc rgb variable t 'prefill (dark: W8A8, light: W2A8; blue projection, orange attention)', '' index 0 using 5:(strcol(2) eq 'decode' ? $6 : 1/0):(pt(strcol(1))+1):(col(strcol(3), strcol(4))) w p pt variable ps 2 lc rgb variable t 'decode (open symbols)'
unset logscale xy
unset xrange
unset xlabel
unset ylabel
set output 'roofline_cloud.png'
set terminal pngcairo size 1000,700 font ',10'
set title 'Roofline, cloud array (65536 PEs, DRAM 960 B/cycle), L = 512: gpt2 (circles), opt-6.7b (triangles), llama-7b (squares)'
set logscale xy
set xlabel 'MACs per DRAM byte'
set ylabel 'MACs per cycle'
set key bottom right
set grid
set xrange [0.1:100000]
roof8(x) = (x * 960 < 65536) ? x * 960 : 65536
roof2(x) = (x * 960 < 262144) ? x * 960 : 262144
pt(m) = (m eq 'gpt2') ? 7 : ((m eq 'opt-6.7b') ? 9 : 5)
col(c, p) = (c eq 'projection') ? ((p eq 'W8A8') ? 0x3060c0 : 0x80a0e0) : ((p eq 'W8A8') ? 0xe08020 : 0xf0c080)
plot roof8(x) w l lw 2 lc rgb '#404040' t 'roof W8A8 (1 MAC/PE/cycle)', roof2(x) w l lw 2 dt 2 lc rgb '#404040' t 'roof W2A8 (4 MACs/PE/cycle)', 'roofline.dat' index 1 using 5:(strcol(2) eq 'prefill' ? $6 : 1/0):(pt(strcol(1))):(col(strcol(3), strcol(4))) w p pt variable ps 2 lc rgb variable t 'prefill (dark: W8A8, light: W2A8; blue projection, orange attention)', '' index 1 using 5:(strcol(2) eq 'decode' ? $6 : 1/0):(pt(strcol(1))+1):(col(strcol(3), strcol(4))) w p pt variable ps 2 lc rgb variable t 'decode (open symbols)'
unset logscale xy
unset xrange
unset xlabel
unset ylabel
