"""Ships the top-level resources/ folder inside the wheel as evidence_kit/resources (metadata: pyproject.toml)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["evidence_kit", "evidence_kit.*"]), "evidence_kit.resources"],
    package_dir={"evidence_kit.resources": "resources"},
    package_data={"evidence_kit.resources": ["**/*"]},
    include_package_data=False,
)
