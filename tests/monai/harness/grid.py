"""
The constructor grid record.py runs: (note, MONAI keyword arguments, spatial input size) per
configuration. Sizes MONAI cannot run (odd sizes under strided convs) are in the grid on purpose:
the goldens record MONAI's error, and unetc must reject the same sizes.
"""
from __future__ import annotations

GROUP4 = ("group", {"num_groups": 4})
GROUP2 = ("group", {"num_groups": 2})
LEAKY = ("leakyrelu", {"negative_slope": 0.1})


def unet_grid():
    """monai.networks.nets.UNet: channels, strides, kernels, residual units 0–3, norms, activations."""
    base = dict(spatial_dims=2, in_channels=1, out_channels=2, channels=(8, 16, 32), strides=(2, 2))
    g = []

    def add(note, size, **kw):
        g.append((note, {**base, **kw}, size))

    for r in range(4):
        add(f"2D num_res_units={r}", [32, 32], num_res_units=r)
    add("docs example (instance norm, PReLU)", [96, 96], channels=(16, 32, 64, 128, 256), strides=(2, 2, 2, 2), num_res_units=2, norm="instance")
    for norm, name in (("batch", "batch"), (GROUP2, "group(2)"), ("instance", "instance")):
        for act, aname in (("relu", "relu"), ("prelu", "prelu"), (LEAKY, "leakyrelu(0.1)")):
            add(f"norm {name}, act {aname}", [32, 48], num_res_units=1, norm=norm, act=act)
    add("kernel 5, up kernel 5", [32, 32], kernel_size=5, up_kernel_size=5, num_res_units=2)
    add("kernel 5, up kernel 3, no res units", [32, 32], kernel_size=5, num_res_units=0)
    add("3 in channels, 4 classes", [32, 32], in_channels=3, out_channels=4, num_res_units=2)
    add("stride 3", [36, 36], strides=(3, 2), num_res_units=1)
    add("dropout 0.1", [32, 32], num_res_units=2, dropout=0.1)
    add("no bias", [32, 32], num_res_units=2, bias=False)
    add("2 levels (bottom only)", [16, 16], channels=(8, 16), strides=(2,), num_res_units=2)
    add("3D", [16, 16, 16], spatial_dims=3, num_res_units=2)
    add("3D no res units, batch norm", [16, 16, 16], spatial_dims=3, num_res_units=0, norm="batch")
    add("3D anisotropic strides", [8, 32, 32], spatial_dims=3, strides=((1, 2, 2), (2, 2, 2)), num_res_units=1)
    add("3D 3 res units, group norm", [16, 16, 16], spatial_dims=3, num_res_units=3, norm=GROUP2)
    add("group norm that does not divide the classes (MONAI refuses to build)", [32, 32], num_res_units=1, norm=GROUP4)
    add("odd size (MONAI fails at the concat)", [33, 32], num_res_units=2)
    add("odd size, no res units", [31, 31], num_res_units=0)
    add("3D odd size", [16, 17, 16], spatial_dims=3, num_res_units=1)
    return g


def attention_grid():
    """monai.networks.nets.AttentionUnet: channels, strides, kernel sizes, dropout."""
    base = dict(spatial_dims=2, in_channels=1, out_channels=2, channels=(8, 16, 32), strides=(2, 2))
    g = []

    def add(note, size, **kw):
        g.append((note, {**base, **kw}, size))

    add("2D 3 levels", [32, 32])
    add("2D 5 levels", [64, 64], channels=(16, 32, 64, 128, 256), strides=(2, 2, 2, 2))
    add("2 levels", [16, 16], channels=(8, 16), strides=(2,))
    add("kernel 5", [32, 32], kernel_size=5)
    add("up kernel 5", [32, 32], up_kernel_size=5)
    add("dropout 0.2", [32, 32], dropout=0.2)
    add("3 in channels, 3 classes", [32, 32], in_channels=3, out_channels=3)
    add("stride 3", [36, 36], strides=(3, 2))
    add("3D", [16, 16, 16], spatial_dims=3)
    add("3D anisotropic strides", [8, 32, 32], spatial_dims=3, strides=((1, 2, 2), (2, 2, 2)))
    add("odd size (MONAI fails at the concat)", [33, 33])
    return g


def basic_grid():
    """monai.networks.nets.BasicUNet: features, up-sampling modes, odd sizes (padded by UpCat)."""
    base = dict(spatial_dims=2, in_channels=1, out_channels=2, features=(8, 8, 16, 32, 64, 8))
    g = []

    def add(note, size, **kw):
        g.append((note, {**base, **kw}, size))

    add("2D deconv", [32, 32])
    add("default features", [32, 32], features=(32, 32, 64, 128, 256, 32))
    add("odd sizes (padded to the skip)", [33, 35])
    add("odd sizes, 3D", [35, 32, 37], spatial_dims=3)
    add("nontrainable (linear) up-sampling", [32, 32], upsample="nontrainable")
    add("nontrainable, odd sizes", [45, 38], upsample="nontrainable")
    add("batch norm, relu", [32, 32], norm="batch", act="relu")
    add("group norm, prelu", [32, 32], norm=GROUP4, act="prelu")
    add("instance norm without affine", [32, 32], norm=("instance", {"affine": False}))
    add("dropout 0.1", [32, 32], dropout=0.1)
    add("no bias", [32, 32], bias=False)
    add("3D", [32, 32, 32], spatial_dims=3)
    add("3 in channels, 4 classes, wide top", [32, 32], in_channels=3, out_channels=4, features=(16, 16, 32, 64, 128, 24))
    return g


def dynunet_grid():
    """monai.networks.nets.DynUNet: kernels, strides incl. anisotropic, res_block, norms, deep supervision."""
    base = dict(
        spatial_dims=2, in_channels=1, out_channels=2, kernel_size=[3, 3, 3, 3], strides=[1, 2, 2, 2],
        upsample_kernel_size=[2, 2, 2], filters=[8, 16, 32, 64],
    )
    g = []

    def add(note, size, **kw):
        g.append((note, {**base, **kw}, size))

    add("2D basic blocks", [32, 32])
    add("2D res_block", [32, 32], res_block=True)
    add("default filters, 5 levels", [64, 64], kernel_size=[3] * 5, strides=[1, 2, 2, 2, 2], upsample_kernel_size=[2] * 4, filters=None)
    add("batch norm", [32, 32], norm_name="batch")
    add("group norm, res_block", [32, 32], norm_name=GROUP4, res_block=True)
    add("relu", [32, 32], act_name="relu")
    add("deep supervision (2 heads)", [32, 32], deep_supervision=True, deep_supr_num=2)
    add("deep supervision, res_block", [32, 32], deep_supervision=True, deep_supr_num=1, res_block=True)
    add("kernel 5 at the top", [32, 32], kernel_size=[5, 3, 3, 3])
    add("trans_bias", [32, 32], trans_bias=True)
    add("dropout 0.1", [32, 32], dropout=0.1)
    add("3D", [16, 16, 16], spatial_dims=3)
    add("3D res_block", [16, 16, 16], spatial_dims=3, res_block=True)
    add(
        "3D anisotropic (nnU-Net style)", [8, 32, 32], spatial_dims=3,
        kernel_size=[[1, 3, 3], [1, 3, 3], [3, 3, 3], [3, 3, 3]], strides=[[1, 1, 1], [1, 2, 2], [1, 2, 2], [2, 2, 2]],
        upsample_kernel_size=[[1, 2, 2], [1, 2, 2], [2, 2, 2]],
    )
    add("odd size (MONAI fails at the concat)", [33, 32])
    return g


def basicpp_grid():
    """monai.networks.nets.BasicUNetPlusPlus: features (features[5] = features[0]), deep supervision, odd sizes."""
    base = dict(spatial_dims=2, in_channels=1, out_channels=2, features=(8, 8, 16, 32, 64, 8))
    g = []

    def add(note, size, **kw):
        g.append((note, {**base, **kw}, size))

    add("2D", [32, 32])
    add("deep supervision (4 heads)", [32, 32], deep_supervision=True)
    add("odd sizes (padded to the skips)", [33, 35])
    add("nontrainable up-sampling, batch norm", [32, 32], upsample="nontrainable", norm="batch")
    add("3D", [32, 32, 32], spatial_dims=3)
    return g
