import pytest
import torch

from mrseq_train.network import build, compact_resnet


@pytest.mark.parametrize("arch,size,cin", [("compact", 96, 1), ("resnet18", 64, 1),
                                           ("resnet50", 64, 3)])
def test_cam_mean_equals_logits(arch, size, cin):
    torch.manual_seed(0)
    kw = {} if arch == "compact" else {"in_channels": cin}
    m = build(arch, 7, **kw).eval()
    with torch.no_grad():
        logits, cam = m(torch.randn(2, cin, size, size))
    assert logits.shape == (2, 7) and cam.shape[:2] == (2, 7)
    assert torch.allclose(cam.mean((2, 3)), logits, atol=1e-6)


def test_cam_is_linear_head_on_features():
    torch.manual_seed(0)
    m = compact_resnet(5).eval()
    x = torch.randn(1, 1, 64, 64)
    with torch.no_grad():
        f = m.features(x)
        logits, cam = m(x)
        ref = m.fc(f.mean((2, 3)))
    assert torch.allclose(ref, logits, atol=1e-5)
    assert cam.shape[2:] == f.shape[2:]
