import { segmentSumInto } from '../dist/index.js';
const ROWS=12000, DIM=64, N=256*51;
const ids = Int32Array.from({length:N},()=>Math.floor(Math.random()*ROWS));
const x = Float32Array.from({length:N*DIM},()=>Math.random());
const out = new Float32Array(ROWS*DIM);
for (let k=0;k<5;k++){const t0=performance.now(); segmentSumInto(x,ids,out,DIM,ROWS); console.log(performance.now()-t0);}
