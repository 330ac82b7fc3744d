import type { Severity } from './diagnostic.js';

/**
 * The message catalogue: the only home of user-visible diagnostic text (TypeScript's
 * diagnosticMessages.json). Templates use `{name}` placeholders filled by `makeDiagnostic`.
 * A test enforces unique codes and that every code is exercised by a case in tests/cases.
 *
 * Code ranges: 1xxx syntax, 2xxx names and structure, 3xxx shapes and wiring,
 * 4xxx data, augmentation and training, 5xxx emit and runtime, 9xxx internal.
 * Each section is owned by one part of the compiler; add entries inside your section only.
 */
export interface MessageTemplate {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
  /** Alternative hints chosen by the reporter, e.g. `suggestion` when a close match exists. */
  readonly hints?: Readonly<Record<string, string>>;
  /** Description of the machine-applicable fix, when the reporter offers one. */
  readonly fix?: string;
  /** Message of the related location, when the reporter adds one. */
  readonly related?: string;
}

export const Messages = {
  // ---- 1xxx syntax (src/compiler/syntax) ----
  UnexpectedCharacter: {
    code: 'UNC1001',
    severity: 'error',
    message: "Unexpected character '{text}'",
    hint: 'Keys and names use letters, digits and _; strings need double quotes; comments start with # or //.',
    hints: { equals: "Entries are written `key: value`; .unet has no '='." },
    fix: "Replace '{text}' with ':'",
  },
  UnexpectedToken: {
    code: 'UNC1002',
    severity: 'error',
    message: 'Expected {expected} but found {found}',
    hint: 'Entries are `key: value` or `key { … }`; values are numbers, quantities like 10px, names, "strings", [lists] or calls like maxpool(2).',
    fix: "Insert '{insert}'",
    hints: {
      yamlStyle:
        '`{key}:` followed by indented entries is YAML nesting; .unet writes a block as `{key} { … }` (or save the file as .yaml).',
    },
  },
  UnterminatedString: {
    code: 'UNC1003',
    severity: 'error',
    message: 'This string has no closing quote',
    hint: 'Close it with " on the same line.',
  },
  NumberTooLarge: {
    code: 'UNC1004',
    severity: 'error',
    message: "The number '{text}' is too large to represent",
    hint: 'Sizes and counts must be below 2^31 (2147483647).',
  },
  EmptySpec: {
    code: 'UNC1005',
    severity: 'error',
    message: "The spec file '{file}' is empty",
    hint: "A spec needs at least a network, e.g. `network { input: 572 x 572 x 1 }` (every other key has the paper's default).",
  },
  BinaryFile: {
    code: 'UNC1006',
    severity: 'error',
    message: "'{file}' is not a text spec: it contains binary data (byte 0x{byte} at offset {offset})",
    hint: 'Pass a .unet or .yaml spec file.',
  },
  UnknownUnit: {
    code: 'UNC1007',
    severity: 'error',
    message: "Unknown unit '{unit}' in '{text}'",
    hint: 'Units are px (pixels), vx (voxels), deg (degrees) and % (percent).',
  },
  InvalidEscape: {
    code: 'UNC1008',
    severity: 'error',
    message: "Unknown escape '\\{char}' in a string",
    hint: 'Strings allow \\" \\\\ \\n \\t \\r and \\uXXXX; write a backslash as \\\\.',
  },
  TooManyErrors: {
    code: 'UNC1009',
    severity: 'error',
    message: 'Too many syntax errors ({count}); only the first {shown} are reported',
  },
  UnclosedBlock: {
    code: 'UNC1010',
    severity: 'error',
    message: "'{open}' is never closed",
    hint: "Add the matching '{close}'.",
  },
  MissingCloser: {
    code: 'UNC1011',
    severity: 'error',
    message: "Expected {close} to close '{open}' but found {found}",
    hint: 'Add the missing {close}.',
    fix: 'Insert {close}',
    related: "'{open}' opened here",
  },
  TupleAsList: {
    code: 'UNC1015',
    severity: 'error',
    message: 'Lists are written with [ ], not ( ): {text}',
    hint: "( ) only follows a call's name, as in maxpool(2); a list is [1, 2, 2] (or the shape 1 x 2 x 2).",
    fix: 'Replace ( ) with [ ]',
  },
  NestingTooDeep: {
    code: 'UNC1012',
    severity: 'error',
    message: 'Nesting deeper than {max} levels here; no spec nests this deep',
    hint: 'Check for unbalanced brackets, or a generated file that is not a spec.',
  },
  TooManyDiagnostics: {
    code: 'UNC1013',
    severity: 'error',
    message: '{hidden} more diagnostics not shown ({count} in this file; the first {shown} are listed)',
    hint: 'Fix the first ones and check again: later diagnostics often follow from earlier ones.',
  },
  SpecTooLarge: {
    code: 'UNC1014',
    severity: 'error',
    message: 'This spec is {size} KiB, more than the {max} KiB a spec may be',
    hint: 'A spec describes one network in a few KB; is this a data file or a generated dump?',
  },
  YamlSyntax: {
    code: 'UNC1100',
    severity: 'error',
    message: 'YAML: {detail}',
  },
  YamlUnknownAlias: {
    code: 'UNC1104',
    severity: 'error',
    message: 'Unknown alias *{name}',
    hint: 'Define the anchor &{name} before using it.',
  },
  YamlAliasBudget: {
    code: 'UNC1105',
    severity: 'error',
    message: 'Aliases expand to more than {budget} values; refusing to expand them (an alias bomb?)',
    hint: 'A spec needs a handful of aliases at most; write the repeated parts out or use fewer nested aliases.',
  },
  YamlWarning: {
    code: 'UNC1101',
    severity: 'warning',
    message: 'YAML: {detail}',
  },
  YamlMultipleDocuments: {
    code: 'UNC1102',
    severity: 'error',
    message: 'A spec is one YAML document, but this file has {count}',
    hint: 'Remove the `---` separators or split the file.',
  },
  YamlComplexKey: {
    code: 'UNC1103',
    severity: 'error',
    message: 'Keys must be plain strings, not {kind}',
  },

  // ---- 2xxx names and structure (src/compiler/spec) ----
  UnknownKey: {
    code: 'UNC2001',
    severity: 'error',
    message: "Unknown key '{key}' in {where}",
    hint: 'Known keys here: {known}.',
    hints: {
      suggestion: "Did you mean '{suggestion}'?",
      elsewhere: "'{key}' belongs in {places}; known keys here: {known}.",
    },
    fix: "Replace '{key}' with '{suggestion}'",
  },
  DuplicateKey: {
    code: 'UNC2002',
    severity: 'error',
    message: "Duplicate key '{key}'",
    hint: 'Each key may appear once per block; merge the two entries.',
    related: "'{key}' is first written here",
  },
  WrongType: {
    code: 'UNC2003',
    severity: 'error',
    message: "'{key}' must be {expected}, not {actual}",
  },
  UnknownValue: {
    code: 'UNC2004',
    severity: 'error',
    message: "'{value}' is not a valid {key}",
    hint: 'Use one of: {allowed}.',
    hints: { suggestion: "Did you mean '{suggestion}'?" },
    fix: "Replace '{value}' with '{suggestion}'",
  },
  MissingKey: {
    code: 'UNC2005',
    severity: 'error',
    message: "{where} needs '{key}'",
  },
  WrongLength: {
    code: 'UNC2006',
    severity: 'error',
    message: "'{key}' has {actual} values but needs {expected}",
  },
  UnknownCall: {
    code: 'UNC2007',
    severity: 'error',
    message: "'{name}' takes no positional arguments",
    hint: 'Name the arguments, e.g. {name}(kernel: 2).',
  },
  TooManyArguments: {
    code: 'UNC2008',
    severity: 'error',
    message: "'{name}' takes at most {max} positional argument(s) ({params}), but {count} were given",
  },
  FiltersLength: {
    code: 'UNC2010',
    severity: 'error',
    message: 'filters lists {actual} values but depth {depth} needs {expected} (levels 0..{depth})',
    hint: 'Give one filter count per level, bottleneck included, or a single base number.',
  },
  LevelOutOfRange: {
    code: 'UNC2011',
    severity: 'error',
    message: 'level {level} does not exist: with depth {depth} the levels are 0..{depth}',
  },
  BadNodeName: {
    code: 'UNC2012',
    severity: 'error',
    message: "'{text}' is not a node name",
    hint: 'Nodes are X<level>_<column>, e.g. X0_4 (level 0, column 4) for the last decoder node of a depth-4 U-Net.',
  },
  NodeNotInGrid: {
    code: 'UNC2013',
    severity: 'error',
    message: '{node} is not a decoder node of this network ({why})',
    hint: 'Decoder nodes here: {nodes}.',
  },
  NotApplicable: {
    code: 'UNC2014',
    severity: 'error',
    message: "'{key}' does not apply to {kind}",
    hint: '{kind} accepts: {accepted}.',
  },
  WeightsLength: {
    code: 'UNC2015',
    severity: 'error',
    message: 'supervision has {heads} heads but {weights} weights',
    hint: 'Give one weight per head, or write `weights: equal` or `weights: halving`.',
  },
  BadFormat: {
    code: 'UNC2016',
    severity: 'error',
    message: "'{value}' is not a valid {key}",
    hint: 'Expected {expected}.',
  },
  DuplicateClassValue: {
    code: 'UNC2017',
    severity: 'error',
    message: "Mask value {value} is given to both '{first}' and '{second}'",
  },
  InputDims: {
    code: 'UNC2018',
    severity: 'error',
    message: 'input has {count} numbers; write H x W x C (2D) or D x H x W x C (3D)',
  },
  InputSizeOverride: {
    code: 'UNC2019',
    severity: 'error',
    message: 'The input size override has {actual} axes but the network is {dims}D',
  },
  AxisName: {
    code: 'UNC2020',
    severity: 'error',
    message: "'{axis}' is not an axis of a {dims}D input",
    hint: 'Axes: {axes}.',
  },

  // ---- 3xxx shapes and wiring (src/compiler/check) ----
  // 3000–3099: input sizes and feature-map sizes (reported at /network/input, related: the layer's spec)
  DownsampleOddSize: {
    code: 'UNC3001',
    severity: 'error',
    message: '{op} at level {level} sees {shape}: {size} is odd, so {window} pooling would drop a row',
    hint: '{rule}',
  },
  DownsampleDropsRows: {
    code: 'UNC3002',
    severity: 'error',
    message:
      '{op} at level {level} sees {shape}: {size} − {kernel} = {span} is not a multiple of the stride {stride}, so {dropped} row(s) would be dropped',
    hint: '{rule}',
  },
  DownsampleUnevenPadding: {
    code: 'UNC3003',
    severity: 'error',
    message:
      '{op} at level {level} sees {shape}: {size} is not a multiple of the stride {stride}, so the decoder cannot restore the size',
    hint: '{rule}',
  },
  FeatureMapVanishes: {
    code: 'UNC3004',
    severity: 'error',
    message:
      '{op} {node} sees {shape}: a {kernel}-wide window does not fit in {size}, so the feature map shrinks to nothing',
    hint: '{rule}',
  },
  SkipSmallerThanUp: {
    code: 'UNC3005',
    severity: 'error',
    message: '{node}: the skip ({from}) is smaller than the map it joins ({to}), so no crop can match them',
    hint: '{rule}',
  },
  AsymmetricCrop: {
    code: 'UNC3006',
    severity: 'error',
    message:
      '{node}: cropping {from} to {to} removes an odd number of rows ({total}), so the centre crop would be off by half a pixel',
    hint: '{rule}',
  },
  MergeSizeMismatch: {
    code: 'UNC3007',
    severity: 'error',
    message: '{node}: {op} needs inputs of one size but gets {shapes}',
    hint: '{rule}',
  },
  AttentionGridMismatch: {
    code: 'UNC3008',
    severity: 'error',
    message:
      'attention gate at level {level}: W_x lands the skip on a {xShape} grid but the gating signal is {gShape}',
    hint: "{rule} The strided gate needs the skip to be exactly twice the gating signal; 'same' padding or attention(mode: same_resolution) avoids this.",
  },
  InputBelowReceptiveField: {
    code: 'UNC3009',
    severity: 'info',
    message:
      'the receptive field {field} is larger than the input {shape}: part of every output pixel’s context is zero padding',
    hint: 'A larger input (tile) gives the deepest layers real context; the same-padded network still works at this size.',
  },
  InstanceNormOnePixel: {
    code: 'UNC3010',
    severity: 'warning',
    message:
      '{node}: instance norm over a {shape} map sets every value to its offset β whatever comes in, so no layer before it can learn',
    hint: 'Use a larger input, e.g. {suggested} (the next valid size), so every instance-normalised map has more than one pixel.',
  },
  SkipPadded: {
    code: 'UNC3011',
    severity: 'info',
    message:
      'level {level}: the up-sampled map ({from}) is padded to the skip ({to}) with {rows} at the far end ({mode}), because {input} does not halve evenly',
    hint: 'Intended with skip: concat(pad: …); an input of {suggested} needs no padding.',
  },
  // 3100–3199: channels and wiring
  MergeChannelMismatch: {
    code: 'UNC3101',
    severity: 'error',
    message: '{node}: {op} needs inputs with equal channels but gets {channels}',
    hint: "Make the up-sampling produce the skip's channels (up: transpose(filters: …)) or use skip: concat.",
  },
  HeadChannelsVsClasses: {
    code: 'UNC3102',
    severity: 'error',
    message: 'the head outputs {channels} channel(s) but the network has {classes} classes',
    hint: 'Use {classes} head channels (one sigmoid channel is allowed only for 2 classes).',
  },
  SoftmaxSingleChannel: {
    code: 'UNC3103',
    severity: 'error',
    message: 'softmax over a single channel is always 1, so the network cannot learn',
    hint: 'Use head: sigmoid for one output channel, or 2 channels with softmax.',
  },
  GroupNormGroups: {
    code: 'UNC3104',
    severity: 'error',
    message: '{node}: {channels} channels cannot be split into {groups} groups',
    hint: 'Pick a group count that divides every level’s channels ({channels}).',
  },
  UpStrideMismatch: {
    code: 'UNC3105',
    severity: 'error',
    message:
      'up-sampling into level {level} scales by {up} but the down-sampling from level {level} divides by {down}',
    hint: 'The decoder must undo each down-sampling exactly; use the same stride on both sides.',
  },
  AttentionInterTooSmall: {
    code: 'UNC3106',
    severity: 'error',
    message: 'attention gate at level {level} has {inter} intermediate channels; it needs at least 1',
    hint: 'Raise inter (a fraction of the skip channels or an explicit count).',
  },
  MixedSkipKinds: {
    code: 'UNC3107',
    severity: 'error',
    message:
      "skip '{kind}' rewires the whole decoder, so every level must use it, but level {level} uses '{other}'",
  },
  FullScaleNeedsSamePadding: {
    code: 'UNC3108',
    severity: 'error',
    message: 'full-scale skips (UNet 3+) need same padding, but level {level} uses valid convolutions',
    hint: 'Set padding: same, or use skip: crop_concat for a valid-padding network.',
  },
  HeadNoneChannels: {
    code: 'UNC3109',
    severity: 'error',
    message:
      'head: none, but the last decoder layer {node} outputs {channels} channels, not the {classes} classes',
    hint: 'Give level 0 {classes} filters (or its up-sampling filters: {classes}), or put a conv head back (head: softmax).',
  },
  BlockDownWithoutConv: {
    code: 'UNC3110',
    severity: 'error',
    message:
      "down: block at level {level} hands its stride {stride} to level {next}'s encoder block, which has no conv",
    hint: "Give level {next}'s encoder block at least one conv, or down-sample with its own layer: conv(kernel: 3, stride: 2) or maxpool(2).",
  },
  // 3900–3999: fragments the shape diagnostics compose (related notes, hints, fixes)
  RelatedLayer: {
    code: 'UNC3900',
    severity: 'info',
    message: 'the {op} is declared here',
  },
  SizeRuleHint: {
    code: 'UNC3901',
    severity: 'info',
    message: 'Inputs must satisfy {rule}; nearest valid: {sizes}.',
  },
  NoSizeWorksHint: {
    code: 'UNC3902',
    severity: 'info',
    message: 'No input size along {axis} avoids this: the problem is in the network, not the input size.',
  },
  UseSizeFix: {
    code: 'UNC3903',
    severity: 'info',
    message: 'use the input size {shape}',
  },
  // 3200–3299: heads and deep supervision
  SupervisionNodeMissing: {
    code: 'UNC3201',
    severity: 'error',
    message: 'supervision head {node} names a node that does not exist in this network',
    hint: '{valid}',
  },
  PruneOutOfRange: {
    code: 'UNC3202',
    severity: 'error',
    message: 'prune L{prune} is outside 1…{depth}',
  },
  PruneNeedsNested: {
    code: 'UNC3203',
    severity: 'error',
    message: "prune needs skip: nested (U-Net++); this network uses '{kind}'",
  },
  PruneNeedsHead: {
    code: 'UNC3204',
    severity: 'error',
    message: 'prune L{prune} outputs X0_{prune}, which has no supervision head',
    hint: 'Add X0_{prune} to supervision.heads so the pruned network has a trained output.',
  },
  AverageNeedsEqualShapes: {
    code: 'UNC3205',
    severity: 'error',
    message:
      'inference: average needs heads of one shape, but {node} outputs {shape} and the main head {main}',
    hint: 'Use resolution: upsampled, or heads on X0_j only.',
  },

  // ---- 4xxx data, augmentation, training (src/compiler/check) ----
  // 4000–4499: spec-level ranges and units (src/compiler/spec)
  MissingUnit: {
    code: 'UNC4001',
    severity: 'error',
    message: "'{key}' needs a unit: {what} are written in {unit}",
    hint: 'Write {suggestion}.',
    fix: 'Write {suggestion}',
  },
  WrongUnit: {
    code: 'UNC4002',
    severity: 'error',
    message: "'{key}' is in {expected}, not '{unit}'",
    hint: 'Write {suggestion}.',
    fix: 'Write {suggestion}',
  },
  ProbabilityRange: {
    code: 'UNC4003',
    severity: 'error',
    message: "'{key}' is a probability but {value} is outside [0, 1]",
    hint: 'Write a fraction like 0.5 or a percentage like 50%.',
    fix: 'Write {suggestion}',
  },
  TooSmall: {
    code: 'UNC4004',
    severity: 'error',
    message: "'{key}' is {value} but must be at least {limit}",
  },
  TooLarge: {
    code: 'UNC4005',
    severity: 'error',
    message: "'{key}' is {value} but must be at most {limit}",
  },
  ReversedRange: {
    code: 'UNC4006',
    severity: 'error',
    message: "The range '{text}' runs backwards: {min} > {max}",
    hint: 'Write the smaller bound first: {suggestion}.',
    fix: 'Write {suggestion}',
  },
  NotInteger: {
    code: 'UNC4007',
    severity: 'error',
    message: "'{key}' must be a whole number, not {value}",
  },
  PercentOutOfRange: {
    code: 'UNC4008',
    severity: 'error',
    message: "'{key}' is {value} but must be at least 0% and below 100%",
  },
  UnitNotAllowed: {
    code: 'UNC4009',
    severity: 'error',
    message: "'{key}' is a plain number; the unit in '{value}' does not belong here",
    hint: 'Write {suggestion}.',
    fix: 'Write {suggestion}',
  },
  TooSmallExclusive: {
    code: 'UNC4010',
    severity: 'error',
    message: "'{key}' is {value} but must be greater than {limit}",
  },
  TooLargeExclusive: {
    code: 'UNC4011',
    severity: 'error',
    message: "'{key}' is {value} but must be less than {limit}",
  },
  // 4500–4999: pipeline checks against the checked network (src/compiler/check)
  TileSizeInvalid: {
    code: 'UNC4501',
    severity: 'error',
    message: 'the {which} tile {tile} does not fit the network: {problem}',
    hint: '{rule}',
  },
  TileDimsMismatch: {
    code: 'UNC4502',
    severity: 'error',
    message: 'the {which} tile {tile} has {count} axes but the network is {dims}D',
  },
  OverlapTooLarge: {
    code: 'UNC4503',
    severity: 'error',
    message: 'predict overlap {overlap} px is not smaller than the output tile {outTile} px',
    hint: 'Use an overlap below {outTile} px (a quarter of the tile is typical) or a larger predict tile.',
  },
  LossNeedsSoftmax: {
    code: 'UNC4504',
    severity: 'error',
    message: "loss '{loss}' is a softmax cross-entropy over {classes} classes, but the head is {activation}",
    hint: 'Use head: softmax with {loss}, or loss: bce for a sigmoid head.',
  },
  BceWithSoftmax: {
    code: 'UNC4505',
    severity: 'warning',
    message:
      "loss 'bce' treats every channel as an independent yes/no, but the softmax head makes the channels compete",
    hint: 'Use loss: ce with a softmax head, or head: sigmoid with bce.',
  },
  WeightedCeWithoutWeightMap: {
    code: 'UNC4506',
    severity: 'warning',
    message: "loss 'weighted_ce' without a weight map weighs every pixel 1 (plain cross-entropy)",
    hint: 'Add data { weight_map { w0: 10, sigma: 5px } } or write loss: ce.',
  },
  BatchNormAtBatchOne: {
    code: 'UNC4507',
    severity: 'warning',
    message:
      'batch norm at batch {batch}: the statistics come from a single tile, so training and inference disagree',
    hint: 'Use norm: instance or group, or a batch of at least 2.',
  },
  DataClassesMismatch: {
    code: 'UNC4508',
    severity: 'error',
    message: 'data lists {count} class(es) but the network has {classes}',
    hint: 'Make network.classes match data.classes.',
  },
  ModelMemory: {
    code: 'UNC4509',
    severity: 'warning',
    message:
      'This network needs about {training} of memory to train ({params} parameters: {weights} of weights; {activations} of activations at batch {batch}) and {compile} to compile',
    hint: 'Few machines have that much: fewer filters (or max_filters), a smaller input or batch. compile and train refuse what does not fit in this machine.',
  },
  EarlyStopWithoutMetric: {
    code: 'UNC4510',
    severity: 'error',
    message: 'early_stop watches the select_by metric, and select_by: last has none',
    hint: 'Pick a metric (e.g. select_by: val_loss) or drop early_stop.',
  },

  // ---- 5xxx emit (src/compiler/emit) ----

  // ---- 9xxx internal ----
  InternalError: {
    code: 'UNC9000',
    severity: 'error',
    message: 'Internal error in {phase}: {detail}',
    hint: 'This is a bug in unetc, not in your spec; please report it with the spec that triggered it.',
  },
} as const satisfies Record<string, MessageTemplate>;

export type MessageId = keyof typeof Messages;
