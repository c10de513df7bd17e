import * as tf from '@tensorflow/tfjs';
const names = ['Greater','GreaterEqual','Less','LessEqual','Equal','NotEqual','LogicalAnd','LogicalOr','LogicalNot','LogicalXor','ArgMax','ArgMin','Cast','Select','OneHot','Floor','Round','Sign','Step','IsNan','IsFinite','IsInf','FloorDiv','Mod','ZerosLike','OnesLike','StridedSlice','TopK','Range','Fill','Multinomial','Unique','SearchSorted','Bincount','DenseBincount','GatherNd','ScatterNd','Cumprod','Einsum','UnsortedSegmentSum','SparseToDense','Ceil'];
for (const n of names) console.log(n, tf.getGradient(n) ? 'grad' : '-');
