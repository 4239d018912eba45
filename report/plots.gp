# Rendered by gnuplot in this directory (qarray report runs it); data from qarray report.
set datafile commentschars '#'
set terminal pngcairo size 1840,1430 font ',10'
set output 'edge_prefill_speedup.png'
set multiplot layout 4,4 title "Block speedup over W8A8 against sequence length, edge array (32x32), prefill\n(analytic cycles, memory off; dashed: the ceiling 1/(1-f))" font ',12'
set logscale x 2
set xrange [102.4:2560]
set xtics (128, 256, 512, 1024, 2048)
set xlabel 'L (tokens)'
set ylabel 'speedup (x), log scale'
set logscale y
set yrange [1:*]
set grid
set key top left opaque font ',9'
set title 'gpt2'
plot 'edge_prefill.dat' index 0 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 0 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 0 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset key
set title 'gpt2-medium'
plot 'edge_prefill.dat' index 1 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 1 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 1 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-large'
plot 'edge_prefill.dat' index 2 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 2 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 2 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-xl'
plot 'edge_prefill.dat' index 3 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 3 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 3 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-125m'
plot 'edge_prefill.dat' index 4 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 4 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 4 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-350m'
plot 'edge_prefill.dat' index 5 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 5 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 5 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-1.3b'
plot 'edge_prefill.dat' index 6 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 6 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 6 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-2.7b'
plot 'edge_prefill.dat' index 7 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 7 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 7 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-6.7b'
plot 'edge_prefill.dat' index 8 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 8 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 8 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-7b'
plot 'edge_prefill.dat' index 9 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 9 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 9 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-13b'
plot 'edge_prefill.dat' index 10 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 10 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 10 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-33b'
plot 'edge_prefill.dat' index 11 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 11 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 11 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-65b'
plot 'edge_prefill.dat' index 12 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_prefill.dat' index 12 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 12 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset multiplot
reset
set terminal pngcairo size 1840,1430 font ',10'
set output 'edge_decode_speedup.png'
set multiplot layout 4,4 title "Block speedup over W8A8 against sequence length, edge array (32x32), decode\n(analytic cycles, memory off; dashed: the ceiling 1/(1-f))" font ',12'
set logscale x 2
set xrange [102.4:2560]
set xtics (128, 256, 512, 1024, 2048)
set xlabel 'L (tokens)'
set ylabel 'speedup (x), log scale'
set logscale y
set yrange [1:*]
set grid
set key top left opaque font ',9'
set title 'gpt2'
plot 'edge_decode.dat' index 0 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 0 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 0 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset key
set title 'gpt2-medium'
plot 'edge_decode.dat' index 1 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 1 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 1 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-large'
plot 'edge_decode.dat' index 2 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 2 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 2 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-xl'
plot 'edge_decode.dat' index 3 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 3 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 3 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-125m'
plot 'edge_decode.dat' index 4 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 4 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 4 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-350m'
plot 'edge_decode.dat' index 5 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 5 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 5 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-1.3b'
plot 'edge_decode.dat' index 6 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 6 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 6 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-2.7b'
plot 'edge_decode.dat' index 7 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 7 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 7 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-6.7b'
plot 'edge_decode.dat' index 8 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 8 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 8 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-7b'
plot 'edge_decode.dat' index 9 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 9 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 9 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-13b'
plot 'edge_decode.dat' index 10 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 10 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 10 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-33b'
plot 'edge_decode.dat' index 11 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 11 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 11 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-65b'
plot 'edge_decode.dat' index 12 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'edge_decode.dat' index 12 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 12 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset multiplot
reset
set terminal pngcairo size 1840,1430 font ',10'
set output 'cloud_prefill_speedup.png'
set multiplot layout 4,4 title "Block speedup over W8A8 against sequence length, cloud array (256x256), prefill\n(analytic cycles, memory off; dashed: the ceiling 1/(1-f))" font ',12'
set logscale x 2
set xrange [102.4:2560]
set xtics (128, 256, 512, 1024, 2048)
set xlabel 'L (tokens)'
set ylabel 'speedup (x), log scale'
set logscale y
set yrange [1:*]
set grid
set key top left opaque font ',9'
set title 'gpt2'
plot 'cloud_prefill.dat' index 0 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 0 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 0 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset key
set title 'gpt2-medium'
plot 'cloud_prefill.dat' index 1 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 1 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 1 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-large'
plot 'cloud_prefill.dat' index 2 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 2 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 2 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-xl'
plot 'cloud_prefill.dat' index 3 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 3 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 3 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-125m'
plot 'cloud_prefill.dat' index 4 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 4 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 4 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-350m'
plot 'cloud_prefill.dat' index 5 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 5 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 5 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-1.3b'
plot 'cloud_prefill.dat' index 6 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 6 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 6 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-2.7b'
plot 'cloud_prefill.dat' index 7 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 7 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 7 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-6.7b'
plot 'cloud_prefill.dat' index 8 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 8 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 8 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-7b'
plot 'cloud_prefill.dat' index 9 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 9 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 9 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-13b'
plot 'cloud_prefill.dat' index 10 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 10 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 10 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-33b'
plot 'cloud_prefill.dat' index 11 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 11 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 11 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-65b'
plot 'cloud_prefill.dat' index 12 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_prefill.dat' index 12 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 12 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset multiplot
reset
set terminal pngcairo size 1840,1430 font ',10'
set output 'cloud_decode_speedup.png'
set multiplot layout 4,4 title "Block speedup over W8A8 against sequence length, cloud array (256x256), decode\n(analytic cycles, memory off; dashed: the ceiling 1/(1-f))" font ',12'
set logscale x 2
set xrange [102.4:2560]
set xtics (128, 256, 512, 1024, 2048)
set xlabel 'L (tokens)'
set ylabel 'speedup (x), log scale'
set logscale y
set yrange [1:*]
set grid
set key top left opaque font ',9'
set title 'gpt2'
plot 'cloud_decode.dat' index 0 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 0 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 0 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset key
set title 'gpt2-medium'
plot 'cloud_decode.dat' index 1 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 1 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 1 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-large'
plot 'cloud_decode.dat' index 2 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 2 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 2 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'gpt2-xl'
plot 'cloud_decode.dat' index 3 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 3 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 3 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-125m'
plot 'cloud_decode.dat' index 4 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 4 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 4 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-350m'
plot 'cloud_decode.dat' index 5 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 5 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 5 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-1.3b'
plot 'cloud_decode.dat' index 6 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 6 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 6 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-2.7b'
plot 'cloud_decode.dat' index 7 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 7 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 7 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'opt-6.7b'
plot 'cloud_decode.dat' index 8 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 8 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 8 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-7b'
plot 'cloud_decode.dat' index 9 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 9 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 9 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-13b'
plot 'cloud_decode.dat' index 10 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 10 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 10 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-33b'
plot 'cloud_decode.dat' index 11 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 11 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 11 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
set title 'llama-65b'
plot 'cloud_decode.dat' index 12 using 1:3 w lp lw 2 pt 7 ps 0.6 t 'W2A8', 'cloud_decode.dat' index 12 using 1:4 w lp lw 2 pt 7 ps 0.6 t 'W1A8', '' index 12 using 1:5 w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'
unset multiplot
reset
set terminal pngcairo size 1498,650 font ',10'
set output 'f_per_model.png'
set title 'f = projection share of the W8A8 block cycles, L = 512'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1.05]
set ylabel 'f'
set xtics rotate by -35
set key outside right top
set grid ytics
plot 'per_model.dat' using 2:xtic(1) t 'edge prefill', 'per_model.dat' using 3 t 'edge decode', 'per_model.dat' using 4 t 'cloud prefill', 'per_model.dat' using 5 t 'cloud decode'
reset
set terminal pngcairo size 1862,960 font ',10'
set output 'cycle_breakdown.png'
set multiplot layout 2,1 title "Block cycles, projections (blue) under attention (orange), prefill L = 512, normalised to W8A8\nbars left to right: W8A8, W2A8, W1A8"
set style fill solid 0.9 border -1
set yrange [0:1.05]
set boxwidth 0.266667
set xtics rotate by -35
set ylabel 'share of W8A8 cycles'
set key outside right top
set grid ytics
set title 'edge array'
plot 'per_model.dat' using ($0-0.266667):($6+$7):(0.266667) w boxes lc rgb '#a05010' t 'W8A8 attention', '' using ($0-0.266667):6:(0.266667) w boxes lc rgb '#203f80' t 'W8A8 projections', 'per_model.dat' using ($0+0):($8+$9):(0.266667):xtic(1) w boxes lc rgb '#e08020' t 'W2A8 attention', '' using ($0+0):8:(0.266667) w boxes lc rgb '#3060c0' t 'W2A8 projections', 'per_model.dat' using ($0+0.266667):($10+$11):(0.266667) w boxes lc rgb '#f0a050' t 'W1A8 attention', '' using ($0+0.266667):10:(0.266667) w boxes lc rgb '#6088d8' t 'W1A8 projections'
set title 'cloud array'
plot 'per_model.dat' using ($0-0.266667):($12+$13):(0.266667) w boxes lc rgb '#a05010' t 'W8A8 attention', '' using ($0-0.266667):12:(0.266667) w boxes lc rgb '#203f80' t 'W8A8 projections', 'per_model.dat' using ($0+0):($14+$15):(0.266667):xtic(1) w boxes lc rgb '#e08020' t 'W2A8 attention', '' using ($0+0):14:(0.266667) w boxes lc rgb '#3060c0' t 'W2A8 projections', 'per_model.dat' using ($0+0.266667):($16+$17):(0.266667) w boxes lc rgb '#f0a050' t 'W1A8 attention', '' using ($0+0.266667):16:(0.266667) w boxes lc rgb '#6088d8' t 'W1A8 projections'
unset multiplot
reset
set terminal pngcairo size 1498,960 font ',10'
set output 'iso_area.png'
set multiplot layout 2,1 title "Block speedup over W8A8 at the same PE count (iso-PE) and at the same area (iso-area)\nprefill L = 512, compute-only"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set yrange [0:*]
set ylabel 'speedup (x)'
set xtics rotate by -35
set key outside right top
set grid ytics
set title 'edge array'
plot 'iso.dat' using 2:xtic(1) lc rgb '#3060c0' t 'W2A8 iso-PE', '' using 3 lc rgb '#e08020' t 'W2A8 iso-area (32x24)', 'iso.dat' using 4 lc rgb '#6088d8' t 'W1A8 iso-PE', '' using 5 lc rgb '#f0a050' t 'W1A8 iso-area (32x18)'
set title 'cloud array'
plot 'iso.dat' using 6:xtic(1) lc rgb '#3060c0' t 'W2A8 iso-PE', '' using 7 lc rgb '#e08020' t 'W2A8 iso-area (256x193)', 'iso.dat' using 8 lc rgb '#6088d8' t 'W1A8 iso-PE', '' using 9 lc rgb '#f0a050' t 'W1A8 iso-area (256x148)'
unset multiplot
reset
set terminal pngcairo size 1316,1640 font ',10'
set output 'energy.png'
set multiplot layout 4,1 title "Energy per token, L = 512, normalised to W8A8 (docs/energy.md)\nbars left to right: W8A8, W2A8, W1A8"
set style fill solid 0.9 border -1
set yrange [0:*]
set boxwidth 0.266667
set xtics rotate by -35
set ylabel 'share of W8A8 energy'
set key outside right top
set grid ytics
set title 'edge array, prefill'
plot 'energy.dat' using ($0-0.266667):($2+$3+$4+$5+$6):(0.266667) w boxes lc rgb '#808080' t 'leakage', 'energy.dat' using ($0-0.266667):($2+$3+$4+$5):(0.266667) w boxes lc rgb '#d04040' t 'DRAM', 'energy.dat' using ($0-0.266667):($2+$3+$4):(0.266667) w boxes lc rgb '#40a040' t 'SRAM', 'energy.dat' using ($0-0.266667):($2+$3):(0.266667) w boxes lc rgb '#e0a020' t 'registers', 'energy.dat' using ($0-0.266667):($2):(0.266667) w boxes lc rgb '#3060c0' t 'compute', 'energy.dat' using ($0+0):($7+$8+$9+$10+$11):(0.266667):xtic(1) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0):($7+$8+$9+$10):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0):($7+$8+$9):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0):($7+$8):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0):($7):(0.266667) w boxes lc rgb '#3060c0' notitle, 'energy.dat' using ($0+0.266667):($12+$13+$14+$15+$16):(0.266667) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0.266667):($12+$13+$14+$15):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0.266667):($12+$13+$14):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0.266667):($12+$13):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0.266667):($12):(0.266667) w boxes lc rgb '#3060c0' notitle
set title 'edge array, decode'
plot 'energy.dat' using ($0-0.266667):($17+$18+$19+$20+$21):(0.266667) w boxes lc rgb '#808080' t 'leakage', 'energy.dat' using ($0-0.266667):($17+$18+$19+$20):(0.266667) w boxes lc rgb '#d04040' t 'DRAM', 'energy.dat' using ($0-0.266667):($17+$18+$19):(0.266667) w boxes lc rgb '#40a040' t 'SRAM', 'energy.dat' using ($0-0.266667):($17+$18):(0.266667) w boxes lc rgb '#e0a020' t 'registers', 'energy.dat' using ($0-0.266667):($17):(0.266667) w boxes lc rgb '#3060c0' t 'compute', 'energy.dat' using ($0+0):($22+$23+$24+$25+$26):(0.266667):xtic(1) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0):($22+$23+$24+$25):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0):($22+$23+$24):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0):($22+$23):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0):($22):(0.266667) w boxes lc rgb '#3060c0' notitle, 'energy.dat' using ($0+0.266667):($27+$28+$29+$30+$31):(0.266667) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0.266667):($27+$28+$29+$30):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0.266667):($27+$28+$29):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0.266667):($27+$28):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0.266667):($27):(0.266667) w boxes lc rgb '#3060c0' notitle
set title 'cloud array, prefill'
plot 'energy.dat' using ($0-0.266667):($32+$33+$34+$35+$36):(0.266667) w boxes lc rgb '#808080' t 'leakage', 'energy.dat' using ($0-0.266667):($32+$33+$34+$35):(0.266667) w boxes lc rgb '#d04040' t 'DRAM', 'energy.dat' using ($0-0.266667):($32+$33+$34):(0.266667) w boxes lc rgb '#40a040' t 'SRAM', 'energy.dat' using ($0-0.266667):($32+$33):(0.266667) w boxes lc rgb '#e0a020' t 'registers', 'energy.dat' using ($0-0.266667):($32):(0.266667) w boxes lc rgb '#3060c0' t 'compute', 'energy.dat' using ($0+0):($37+$38+$39+$40+$41):(0.266667):xtic(1) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0):($37+$38+$39+$40):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0):($37+$38+$39):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0):($37+$38):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0):($37):(0.266667) w boxes lc rgb '#3060c0' notitle, 'energy.dat' using ($0+0.266667):($42+$43+$44+$45+$46):(0.266667) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0.266667):($42+$43+$44+$45):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0.266667):($42+$43+$44):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0.266667):($42+$43):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0.266667):($42):(0.266667) w boxes lc rgb '#3060c0' notitle
set title 'cloud array, decode'
plot 'energy.dat' using ($0-0.266667):($47+$48+$49+$50+$51):(0.266667) w boxes lc rgb '#808080' t 'leakage', 'energy.dat' using ($0-0.266667):($47+$48+$49+$50):(0.266667) w boxes lc rgb '#d04040' t 'DRAM', 'energy.dat' using ($0-0.266667):($47+$48+$49):(0.266667) w boxes lc rgb '#40a040' t 'SRAM', 'energy.dat' using ($0-0.266667):($47+$48):(0.266667) w boxes lc rgb '#e0a020' t 'registers', 'energy.dat' using ($0-0.266667):($47):(0.266667) w boxes lc rgb '#3060c0' t 'compute', 'energy.dat' using ($0+0):($52+$53+$54+$55+$56):(0.266667):xtic(1) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0):($52+$53+$54+$55):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0):($52+$53+$54):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0):($52+$53):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0):($52):(0.266667) w boxes lc rgb '#3060c0' notitle, 'energy.dat' using ($0+0.266667):($57+$58+$59+$60+$61):(0.266667) w boxes lc rgb '#808080' notitle, 'energy.dat' using ($0+0.266667):($57+$58+$59+$60):(0.266667) w boxes lc rgb '#d04040' notitle, 'energy.dat' using ($0+0.266667):($57+$58+$59):(0.266667) w boxes lc rgb '#40a040' notitle, 'energy.dat' using ($0+0.266667):($57+$58):(0.266667) w boxes lc rgb '#e0a020' notitle, 'energy.dat' using ($0+0.266667):($57):(0.266667) w boxes lc rgb '#3060c0' notitle
unset multiplot
reset
