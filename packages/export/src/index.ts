/**
 * @packageDocumentation
 * Standard-format export of trained CLRec models, for serving outside this process: the user tower
 * f(x) as an ONNX model ({@link exportUserTower}: MultiAtt + head aggregation, mean pooling, SASRec;
 * item features baked into its item table), the item vectors as NumPy `.npy` ({@link encodeNpy})
 * and Parquet ({@link itemVectorsParquet}), and the inputs an exported tower takes
 * ({@link packUserTowerInputs}). No file is touched here; `@clrec/export/node` writes a whole export
 * directory from a checkpoint (`exportCheckpoint`, behind the `clrec export` command).
 */
export {
  exportUserTower, ITEM_IDS_INPUT, ONNX_IR_VERSION, ONNX_OPSET, ONNX_USER_ENCODERS, TIME_BUCKETS_INPUT, USER_VECTOR_OUTPUT,
} from './user-tower';
export type { UserTowerExport, UserTowerOptions } from './user-tower';
export { packUserTowerInputs } from './user-tower-inputs';
export type { UserTowerInputs } from './user-tower-inputs';
export { decodeNpy, encodeNpy } from './npy';
export { itemVectorsParquet } from './item-vectors-parquet';
export { encodeOnnxModel, ONNX_TYPES } from './onnx-proto';
export type { OnnxAttribute, OnnxElementType, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx-proto';
export { ProtoWriter } from './protobuf-writer';
export { EXPORT_FILES, EXPORT_FORMATS, exportedTensor } from './export-manifest';
export type { ExportedTensor, ExportFormat, ExportManifest } from './export-manifest';
