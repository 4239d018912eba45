# Rendered by `make report` (gnuplot); data from `qarray report`.
set terminal pngcairo size 1500,1000 font ',10'
set datafile commentschars '#'
set output 'edge_prefill_speedup.png'
set multiplot layout 4,4 title 'Speedup over W8A8 vs sequence length, edge array, prefill (analytic cycles)'
set logscale x 2
set xrange [100:2600]
set key bottom left font ',8'
set grid
set title 'gpt2'
plot 'edge_prefill.dat' index 0 using 1:3 w lp t 'W2A8', '' index 0 using 1:4 w lp t 'W1A8', '' index 0 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-medium'
plot 'edge_prefill.dat' index 1 using 1:3 w lp t 'W2A8', '' index 1 using 1:4 w lp t 'W1A8', '' index 1 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-large'
plot 'edge_prefill.dat' index 2 using 1:3 w lp t 'W2A8', '' index 2 using 1:4 w lp t 'W1A8', '' index 2 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-xl'
plot 'edge_prefill.dat' index 3 using 1:3 w lp t 'W2A8', '' index 3 using 1:4 w lp t 'W1A8', '' index 3 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-125m'
plot 'edge_prefill.dat' index 4 using 1:3 w lp t 'W2A8', '' index 4 using 1:4 w lp t 'W1A8', '' index 4 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-350m'
plot 'edge_prefill.dat' index 5 using 1:3 w lp t 'W2A8', '' index 5 using 1:4 w lp t 'W1A8', '' index 5 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-1.3b'
plot 'edge_prefill.dat' index 6 using 1:3 w lp t 'W2A8', '' index 6 using 1:4 w lp t 'W1A8', '' index 6 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-2.7b'
plot 'edge_prefill.dat' index 7 using 1:3 w lp t 'W2A8', '' index 7 using 1:4 w lp t 'W1A8', '' index 7 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-6.7b'
plot 'edge_prefill.dat' index 8 using 1:3 w lp t 'W2A8', '' index 8 using 1:4 w lp t 'W1A8', '' index 8 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-7b'
plot 'edge_prefill.dat' index 9 using 1:3 w lp t 'W2A8', '' index 9 using 1:4 w lp t 'W1A8', '' index 9 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-13b'
plot 'edge_prefill.dat' index 10 using 1:3 w lp t 'W2A8', '' index 10 using 1:4 w lp t 'W1A8', '' index 10 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-33b'
plot 'edge_prefill.dat' index 11 using 1:3 w lp t 'W2A8', '' index 11 using 1:4 w lp t 'W1A8', '' index 11 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-65b'
plot 'edge_prefill.dat' index 12 using 1:3 w lp t 'W2A8', '' index 12 using 1:4 w lp t 'W1A8', '' index 12 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
unset multiplot
unset logscale x
unset xrange
set output 'edge_decode_speedup.png'
set multiplot layout 4,4 title 'Speedup over W8A8 vs sequence length, edge array, decode (analytic cycles)'
set logscale x 2
set xrange [100:2600]
set key bottom left font ',8'
set grid
set title 'gpt2'
plot 'edge_decode.dat' index 0 using 1:3 w lp t 'W2A8', '' index 0 using 1:4 w lp t 'W1A8', '' index 0 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-medium'
plot 'edge_decode.dat' index 1 using 1:3 w lp t 'W2A8', '' index 1 using 1:4 w lp t 'W1A8', '' index 1 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-large'
plot 'edge_decode.dat' index 2 using 1:3 w lp t 'W2A8', '' index 2 using 1:4 w lp t 'W1A8', '' index 2 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-xl'
plot 'edge_decode.dat' index 3 using 1:3 w lp t 'W2A8', '' index 3 using 1:4 w lp t 'W1A8', '' index 3 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-125m'
plot 'edge_decode.dat' index 4 using 1:3 w lp t 'W2A8', '' index 4 using 1:4 w lp t 'W1A8', '' index 4 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-350m'
plot 'edge_decode.dat' index 5 using 1:3 w lp t 'W2A8', '' index 5 using 1:4 w lp t 'W1A8', '' index 5 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-1.3b'
plot 'edge_decode.dat' index 6 using 1:3 w lp t 'W2A8', '' index 6 using 1:4 w lp t 'W1A8', '' index 6 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-2.7b'
plot 'edge_decode.dat' index 7 using 1:3 w lp t 'W2A8', '' index 7 using 1:4 w lp t 'W1A8', '' index 7 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-6.7b'
plot 'edge_decode.dat' index 8 using 1:3 w lp t 'W2A8', '' index 8 using 1:4 w lp t 'W1A8', '' index 8 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-7b'
plot 'edge_decode.dat' index 9 using 1:3 w lp t 'W2A8', '' index 9 using 1:4 w lp t 'W1A8', '' index 9 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-13b'
plot 'edge_decode.dat' index 10 using 1:3 w lp t 'W2A8', '' index 10 using 1:4 w lp t 'W1A8', '' index 10 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-33b'
plot 'edge_decode.dat' index 11 using 1:3 w lp t 'W2A8', '' index 11 using 1:4 w lp t 'W1A8', '' index 11 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-65b'
plot 'edge_decode.dat' index 12 using 1:3 w lp t 'W2A8', '' index 12 using 1:4 w lp t 'W1A8', '' index 12 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
unset multiplot
unset logscale x
unset xrange
set output 'cloud_prefill_speedup.png'
set multiplot layout 4,4 title 'Speedup over W8A8 vs sequence length, cloud array, prefill (analytic cycles)'
set logscale x 2
set xrange [100:2600]
set key bottom left font ',8'
set grid
set title 'gpt2'
plot 'cloud_prefill.dat' index 0 using 1:3 w lp t 'W2A8', '' index 0 using 1:4 w lp t 'W1A8', '' index 0 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-medium'
plot 'cloud_prefill.dat' index 1 using 1:3 w lp t 'W2A8', '' index 1 using 1:4 w lp t 'W1A8', '' index 1 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-large'
plot 'cloud_prefill.dat' index 2 using 1:3 w lp t 'W2A8', '' index 2 using 1:4 w lp t 'W1A8', '' index 2 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-xl'
plot 'cloud_prefill.dat' index 3 using 1:3 w lp t 'W2A8', '' index 3 using 1:4 w lp t 'W1A8', '' index 3 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-125m'
plot 'cloud_prefill.dat' index 4 using 1:3 w lp t 'W2A8', '' index 4 using 1:4 w lp t 'W1A8', '' index 4 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-350m'
plot 'cloud_prefill.dat' index 5 using 1:3 w lp t 'W2A8', '' index 5 using 1:4 w lp t 'W1A8', '' index 5 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-1.3b'
plot 'cloud_prefill.dat' index 6 using 1:3 w lp t 'W2A8', '' index 6 using 1:4 w lp t 'W1A8', '' index 6 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-2.7b'
plot 'cloud_prefill.dat' index 7 using 1:3 w lp t 'W2A8', '' index 7 using 1:4 w lp t 'W1A8', '' index 7 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-6.7b'
plot 'cloud_prefill.dat' index 8 using 1:3 w lp t 'W2A8', '' index 8 using 1:4 w lp t 'W1A8', '' index 8 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-7b'
plot 'cloud_prefill.dat' index 9 using 1:3 w lp t 'W2A8', '' index 9 using 1:4 w lp t 'W1A8', '' index 9 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-13b'
plot 'cloud_prefill.dat' index 10 using 1:3 w lp t 'W2A8', '' index 10 using 1:4 w lp t 'W1A8', '' index 10 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-33b'
plot 'cloud_prefill.dat' index 11 using 1:3 w lp t 'W2A8', '' index 11 using 1:4 w lp t 'W1A8', '' index 11 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-65b'
plot 'cloud_prefill.dat' index 12 using 1:3 w lp t 'W2A8', '' index 12 using 1:4 w lp t 'W1A8', '' index 12 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
unset multiplot
unset logscale x
unset xrange
set output 'cloud_decode_speedup.png'
set multiplot layout 4,4 title 'Speedup over W8A8 vs sequence length, cloud array, decode (analytic cycles)'
set logscale x 2
set xrange [100:2600]
set key bottom left font ',8'
set grid
set title 'gpt2'
plot 'cloud_decode.dat' index 0 using 1:3 w lp t 'W2A8', '' index 0 using 1:4 w lp t 'W1A8', '' index 0 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-medium'
plot 'cloud_decode.dat' index 1 using 1:3 w lp t 'W2A8', '' index 1 using 1:4 w lp t 'W1A8', '' index 1 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-large'
plot 'cloud_decode.dat' index 2 using 1:3 w lp t 'W2A8', '' index 2 using 1:4 w lp t 'W1A8', '' index 2 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'gpt2-xl'
plot 'cloud_decode.dat' index 3 using 1:3 w lp t 'W2A8', '' index 3 using 1:4 w lp t 'W1A8', '' index 3 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-125m'
plot 'cloud_decode.dat' index 4 using 1:3 w lp t 'W2A8', '' index 4 using 1:4 w lp t 'W1A8', '' index 4 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-350m'
plot 'cloud_decode.dat' index 5 using 1:3 w lp t 'W2A8', '' index 5 using 1:4 w lp t 'W1A8', '' index 5 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-1.3b'
plot 'cloud_decode.dat' index 6 using 1:3 w lp t 'W2A8', '' index 6 using 1:4 w lp t 'W1A8', '' index 6 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-2.7b'
plot 'cloud_decode.dat' index 7 using 1:3 w lp t 'W2A8', '' index 7 using 1:4 w lp t 'W1A8', '' index 7 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'opt-6.7b'
plot 'cloud_decode.dat' index 8 using 1:3 w lp t 'W2A8', '' index 8 using 1:4 w lp t 'W1A8', '' index 8 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-7b'
plot 'cloud_decode.dat' index 9 using 1:3 w lp t 'W2A8', '' index 9 using 1:4 w lp t 'W1A8', '' index 9 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-13b'
plot 'cloud_decode.dat' index 10 using 1:3 w lp t 'W2A8', '' index 10 using 1:4 w lp t 'W1A8', '' index 10 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-33b'
plot 'cloud_decode.dat' index 11 using 1:3 w lp t 'W2A8', '' index 11 using 1:4 w lp t 'W1A8', '' index 11 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
set title 'llama-65b'
plot 'cloud_decode.dat' index 12 using 1:3 w lp t 'W2A8', '' index 12 using 1:4 w lp t 'W1A8', '' index 12 using 1:5 w l dt 2 t 'ceiling 1/(1-f)'
unset multiplot
unset logscale x
unset xrange
set output 'f_edge_vs_cloud.png'
set terminal pngcairo size 1400,600 font ',10'
set title 'f = projection share of W8A8 block cycles, L = 512'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1]
set xtics rotate by -35
set key top right
set grid ytics
plot 'per_model.dat' using 2:xtic(1) t 'edge prefill', '' using 3 t 'cloud prefill', '' using 4 t 'edge decode', '' using 5 t 'cloud decode'
set output 'cycle_breakdown.png'
set terminal pngcairo size 1400,900 font ',10'
set multiplot layout 2,1 title 'Block cycles, projection vs attention, W8A8 vs W2A8, prefill L = 512 (normalised to W8A8)'
set style histogram rowstacked
set yrange [0:1.05]
set boxwidth 0.4
set title 'edge array'
plot 'per_model.dat' using ($0-0.22):($6+$7):(0.4) w boxes lc rgb '#e08020' t 'W8A8 attention', '' using ($0-0.22):6:(0.4) w boxes lc rgb '#3060c0' t 'W8A8 projection', '' using ($0+0.22):($8+$9):(0.4):xtic(1) w boxes lc rgb '#f0c080' t 'W2A8 attention', '' using ($0+0.22):8:(0.4) w boxes lc rgb '#80a0e0' t 'W2A8 projection'
set title 'cloud array'
plot 'per_model.dat' using ($0-0.22):($10+$11):(0.4) w boxes lc rgb '#e08020' t 'W8A8 attention', '' using ($0-0.22):10:(0.4) w boxes lc rgb '#3060c0' t 'W8A8 projection', '' using ($0+0.22):($12+$13):(0.4):xtic(1) w boxes lc rgb '#f0c080' t 'W2A8 attention', '' using ($0+0.22):12:(0.4) w boxes lc rgb '#80a0e0' t 'W2A8 projection'
unset multiplot
