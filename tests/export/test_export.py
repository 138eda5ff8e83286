# SPDX-License-Identifier: Apache-2.0
"""`mcuforge export --c-array`: the C array equals the model file byte for byte, the names follow
xxd -i (const, 16-byte aligned), the resolver header registers exactly the model's ops, and all three
files compile with g++ -std=c++17 -fsyntax-only against a minimal stub of the TFLM types (TFLM itself is
not needed)."""
import json
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, '..', 'shared')
MODELS = os.path.join(SHARED, 'corpus', 'models')
GOLDEN = os.path.join(SHARED, 'golden')
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))

# Just enough of tensorflow/lite/micro/micro_mutable_op_resolver.h for the generated header: every
# Add* method the exporter may call, with TFLM's names.
STUB = '''
#pragma once
#include <cstddef>
typedef enum { kTfLiteOk = 0, kTfLiteError = 1 } TfLiteStatus;
struct TFLMRegistration;
namespace tflite {
template <unsigned int tOpCount>
class MicroMutableOpResolver {
 public:
  TfLiteStatus AddCustom(const char*, const TFLMRegistration*) { return kTfLiteOk; }
%s
};
}  // namespace tflite
'''
METHODS = '''AddAbs AddAdd AddAddN AddArgMax AddArgMin AddAssignVariable AddAveragePool2D AddBatchMatMul
AddBatchToSpaceNd AddBroadcastArgs AddBroadcastTo AddCallOnce AddCast AddCeil AddCircularBuffer
AddConcatenation AddConv2D AddCos AddCumSum AddDelay AddDepthToSpace AddDepthwiseConv2D AddDequantize
AddDetectionPostprocess AddDiv AddEmbeddingLookup AddEnergy AddElu AddEqual AddEthosU AddExp AddExpandDims
AddFftAutoScale AddFill AddFilterBank AddFilterBankLog AddFilterBankSquareRoot
AddFilterBankSpectralSubtraction AddFloor AddFloorDiv AddFloorMod AddFramer AddFullyConnected AddGather
AddGatherNd AddGreater AddGreaterEqual AddHardSwish AddIf AddIrfft AddL2Normalization AddL2Pool2D
AddLeakyRelu AddLess AddLessEqual AddLog AddLogicalAnd AddLogicalNot AddLogicalOr AddLogistic AddLogSoftmax
AddMaximum AddMaxPool2D AddMirrorPad AddMean AddMinimum AddMul AddNeg AddNotEqual AddOverlapAdd AddPack
AddPad AddPadV2 AddPCAN AddPrelu AddQuantize AddReadVariable AddReduceMax AddReduceMin AddRelu AddRelu6
AddReshape AddResizeBilinear AddResizeNearestNeighbor AddReverseV2 AddRfft AddRound AddRsqrt AddSelectV2
AddShape AddSin AddSlice AddSoftmax AddSpaceToBatchNd AddSpaceToDepth AddSplit AddSplitV AddSqueeze
AddSqrt AddSquare AddSquaredDifference AddStridedSlice AddStacker AddSub AddSum AddSvdf AddTanh
AddTransposeConv AddTranspose AddUnpack AddUnidirectionalSequenceLSTM AddVarHandle AddWhile AddWindow
AddZerosLike'''.split()

# TFLite builtin name -> TFLM method, for the ops in the corpus.
EXPECTED_METHOD = {
    'ADD': 'AddAdd', 'AVERAGE_POOL_2D': 'AddAveragePool2D', 'CAST': 'AddCast',
    'CONCATENATION': 'AddConcatenation', 'CONV_2D': 'AddConv2D', 'DEPTHWISE_CONV_2D': 'AddDepthwiseConv2D',
    'DEQUANTIZE': 'AddDequantize', 'DIV': 'AddDiv', 'FILL': 'AddFill', 'FULLY_CONNECTED': 'AddFullyConnected',
    'HARD_SWISH': 'AddHardSwish', 'LOGISTIC': 'AddLogistic', 'MAX_POOL_2D': 'AddMaxPool2D',
    'MAXIMUM': 'AddMaximum', 'MINIMUM': 'AddMinimum', 'MUL': 'AddMul', 'PACK': 'AddPack',
    'QUANTIZE': 'AddQuantize', 'RESHAPE': 'AddReshape', 'SHAPE': 'AddShape', 'SOFTMAX': 'AddSoftmax',
    'SPLIT': 'AddSplit', 'STRIDED_SLICE': 'AddStridedSlice', 'SVDF': 'AddSvdf', 'TANH': 'AddTanh',
    'TRANSPOSE': 'AddTranspose', 'UNIDIRECTIONAL_SEQUENCE_LSTM': 'AddUnidirectionalSequenceLSTM',
    'UNPACK': 'AddUnpack',
    'CUSTOM:SignalWindow': 'AddWindow', 'CUSTOM:SignalFftAutoScale': 'AddFftAutoScale',
    'CUSTOM:SignalRfft': 'AddRfft', 'CUSTOM:SignalEnergy': 'AddEnergy', 'CUSTOM:SignalFilterBank': 'AddFilterBank',
    'CUSTOM:SignalFilterBankSquareRoot': 'AddFilterBankSquareRoot',
    'CUSTOM:SignalFilterBankSpectralSubtraction': 'AddFilterBankSpectralSubtraction',
    'CUSTOM:SignalPCAN': 'AddPCAN', 'CUSTOM:SignalFilterBankLog': 'AddFilterBankLog',
}

INDEX = {m['model']: m for m in json.load(open(os.path.join(GOLDEN, 'index.json')))['models']}
CORPUS = sorted(f[:-len('.tflite')] for f in os.listdir(MODELS) if f.endswith('.tflite'))


def export(model, out_cc, *extra):
    r = subprocess.run([MCUFORGE, 'export', os.path.join(MODELS, model + '.tflite'), '--c-array', '-o', str(out_cc),
                        '--json', *extra], capture_output=True, text=True)
    return r


def parse_array(cc_text, name):
    m = re.search(r'alignas\(16\) const unsigned char ' + re.escape(name) + r'_tflite\[\] = \{(.*?)\};', cc_text, re.S)
    assert m, 'array definition not found'
    data = bytes(int(x, 16) for x in re.findall(r'0x([0-9a-f]{2})', m.group(1)))
    n = re.search(r'const unsigned int ' + re.escape(name) + r'_tflite_len = (\d+);', cc_text)
    assert n, 'length definition not found'
    return data, int(n.group(1))


def syntax_check(out_dir, name):
    gxx = shutil.which('g++')
    if not gxx:
        pytest.skip('g++ not available')
    stub_dir = out_dir / 'stub' / 'tensorflow' / 'lite' / 'micro'
    stub_dir.mkdir(parents=True)
    methods = '\n'.join('  TfLiteStatus %s() { return kTfLiteOk; }' % m for m in METHODS)
    (stub_dir / 'micro_mutable_op_resolver.h').write_text(STUB % methods)
    user = out_dir / 'user.cc'
    user.write_text('#include "model_data.h"\n#include "%s_op_resolver.h"\n'
                    'alignas(16) static unsigned char arena[%s_kArenaSize];\n'
                    'int main() {\n'
                    '  tflite::MicroMutableOpResolver<%s_kOpCount> resolver;\n'
                    '  %s_RegisterOps(resolver);\n'
                    '  return %s_tflite[4] + arena[0] + static_cast<int>(%s_tflite_len);\n}\n'
                    % ((name,) * 6))
    for src in ('model_data.cc', 'user.cc'):
        cmd = [gxx, '-std=c++17', '-fsyntax-only', '-Wall', '-Wextra', '-Werror', '-I', str(out_dir),
               '-I', str(out_dir / 'stub'), str(out_dir / src)]
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 0, ' '.join(cmd) + '\n' + r.stderr[-3000:]


@pytest.mark.parametrize('model', CORPUS)
def test_export_corpus_model(model, tmp_path):
    out_cc = tmp_path / 'model_data.cc'
    r = export(model, out_cc)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    name = re.sub(r'[^A-Za-z0-9_]', '_', model)
    assert summary['name'] == name
    assert sorted(os.listdir(tmp_path)) == sorted(['model_data.cc', 'model_data.h', name + '_op_resolver.h'])

    # The array is the model file, byte for byte, under xxd -i's names.
    raw = open(os.path.join(MODELS, model + '.tflite'), 'rb').read()
    data, length = parse_array(out_cc.read_text(), name)
    assert data == raw
    assert length == len(raw)
    header = (tmp_path / 'model_data.h').read_text()
    assert 'extern const unsigned char %s_tflite[];' % name in header
    assert 'extern const unsigned int %s_tflite_len;' % name in header

    # The resolver registers exactly the model's distinct ops (golden index: ops in order of first use).
    resolver = (tmp_path / (name + '_op_resolver.h')).read_text()
    calls = re.findall(r'resolver\.(Add\w+)\(\);', resolver)
    ops = INDEX[model]['ops'] if model in INDEX else None
    if ops is not None:
        expected = [EXPECTED_METHOD[op] for op in ops if op in EXPECTED_METHOD]
        assert sorted(calls) == sorted(expected)
        unregistered = [op for op in ops if op not in EXPECTED_METHOD]
        for op in unregistered:
            assert '// ' + op + ':' in resolver, op
        count = int(re.search(r'constexpr unsigned int %s_kOpCount = (\d+);' % name, resolver).group(1))
        assert count == len(ops)
        assert 'MicroMutableOpResolver<%d>' % count in resolver
    assert len(calls) == len(set(calls))

    # The arena size: the figure and how it was computed; exact where the golden run measured it.
    arena = int(re.search(r'constexpr size_t %s_kArenaSize = (\d+);' % name, resolver).group(1))
    assert arena == summary['arena_bytes']
    assert 'arena_used_bytes()' in resolver
    golden = INDEX.get(model, {}).get('arena_used_bytes_arm32')
    if golden is not None and summary['arena_exact']:
        assert arena == golden

    syntax_check(tmp_path, name)


def test_name_option_and_output_dir(tmp_path):
    out_cc = tmp_path / 'sub' / 'kws_data.cc'
    r = export('mlperf_kws_dscnn_int8', out_cc, '--name', 'g_kws')
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(tmp_path / 'sub')) == ['g_kws_op_resolver.h', 'kws_data.cc', 'kws_data.h']
    text = out_cc.read_text()
    assert '#include "kws_data.h"' in text
    data, length = parse_array(text, 'g_kws')
    assert data == open(os.path.join(MODELS, 'mlperf_kws_dscnn_int8.tflite'), 'rb').read()


def test_stem_is_sanitized(tmp_path):
    src = tmp_path / '2-my model.v1.tflite'
    shutil.copy(os.path.join(MODELS, 'tflm_hello_world_int8.tflite'), src)
    r = subprocess.run([MCUFORGE, 'export', str(src), '--c-array', '-o', str(tmp_path / 'out' / 'model_data.cc')],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'out' / '_2_my_model_v1_op_resolver.h').exists()
    assert 'const unsigned char _2_my_model_v1_tflite[]' in (tmp_path / 'out' / 'model_data.cc').read_text()


@pytest.mark.parametrize('args, message', [
    ([], '--c-array'),
    (['--c-array', '--name', '9bad'], 'not a C identifier'),
])
def test_errors_write_nothing(tmp_path, args, message):
    out_cc = tmp_path / 'model_data.cc'
    r = subprocess.run([MCUFORGE, 'export', os.path.join(MODELS, 'tflm_hello_world_int8.tflite'), '-o', str(out_cc),
                        *args], capture_output=True, text=True)
    assert r.returncode == 2
    assert message in r.stderr
    assert os.listdir(tmp_path) == []


def test_bad_model_writes_nothing(tmp_path):
    bad = tmp_path / 'bad.tflite'
    bad.write_bytes(b'not a flatbuffer at all')
    out = tmp_path / 'out'
    r = subprocess.run([MCUFORGE, 'export', str(bad), '--c-array', '-o', str(out / 'model_data.cc')],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert not out.exists()
